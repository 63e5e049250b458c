package io.streamcluster.media.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails the test after which Netty's leak detector reports a leaked buffer. Registered for every
 * test through the JUnit ServiceLoader (see {@code junit-platform.properties}); the detector level
 * is PARANOID (set by the build's argLine), so every buffer is tracked, unless the JVM was started
 * with another {@code io.netty.leakDetection.level} (long fuzzing runs sample with SIMPLE).
 */
public final class NettyLeakDetection implements BeforeAllCallback, AfterEachCallback {

  private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
  private static volatile boolean installed;

  @Override
  public void beforeAll(ExtensionContext context) {
    install();
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    // Leaks are reported when a later buffer is tracked after the leaked one was collected.
    for (int i = 0; i < 3 && LEAKS.isEmpty(); i++) {
      System.gc();
      Thread.sleep(20);
      ByteBuf probe = PooledByteBufAllocator.DEFAULT.buffer(1);
      probe.release();
    }
    if (!LEAKS.isEmpty()) {
      String report = String.join("\n", LEAKS);
      LEAKS.clear();
      throw new AssertionError("Netty reported leaked buffers:\n" + report);
    }
  }

  private static synchronized void install() {
    if (installed) {
      return;
    }
    if (System.getProperty("io.netty.leakDetection.level") == null) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
    installed = true;
  }

  private static final class RecordingFactory extends ResourceLeakDetectorFactory {
    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(
        Class<T> resource, int samplingInterval, long maxActive) {
      return new RecordingDetector<>(resource, samplingInterval);
    }
  }

  private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
    RecordingDetector(Class<T> resource, int samplingInterval) {
      super(resource, samplingInterval);
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
      LEAKS.add("LEAK " + resourceType + records);
      super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
      LEAKS.add("LEAK " + resourceType);
      super.reportUntracedLeak(resourceType);
    }
  }
}
