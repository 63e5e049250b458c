package io.streamcluster.media.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real media server jar in its own process, on free loopback ports; stopped by its own pid.
 *
 * <p>The jar is {@code target/media-server.jar} of the module running the test, or the path in the
 * system property {@value #JAR_PROPERTY} (other modules' tests point it at the media server's).
 */
public final class MediaServerProcess implements AutoCloseable {

  public static final String JAR_PROPERTY = "streamcluster.mediaServerJar";
  public static final Path JAR =
      Path.of(System.getProperty(JAR_PROPERTY, "target/media-server.jar"));

  private final Process process;
  private final Path log;
  public final int rtmpPort;
  public final int httpPort;

  private MediaServerProcess(Process process, Path log, int rtmpPort, int httpPort) {
    this.process = process;
    this.log = log;
    this.rtmpPort = rtmpPort;
    this.httpPort = httpPort;
  }

  public static MediaServerProcess start(String role, String... extraArgs) throws Exception {
    return startOn(role, freePort(), freePort(), extraArgs);
  }

  /** Starts on the given ports, e.g. those of a server stopped before, to restart it in place. */
  public static MediaServerProcess startOn(String role, int rtmp, int http, String... extraArgs)
      throws Exception {
    if (!Files.exists(JAR)) {
      throw new AssertionError(
          JAR.toAbsolutePath() + " is missing; run ./mvnw package -pl media-server first");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-jar");
    command.add(JAR.toString());
    command.add(role);
    command.addAll(
        List.of(
            "--bind",
            "127.0.0.1",
            "--rtmp-port",
            "" + rtmp,
            "--http-port",
            "" + http,
            "--stream-wait-seconds",
            "5"));
    command.addAll(List.of(extraArgs));
    Path log = Files.createTempFile("media-server-" + role + "-", ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    MediaServerProcess server = new MediaServerProcess(process, log, rtmp, http);
    server.awaitReady();
    return server;
  }

  private void awaitReady() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("media server exited early:\n" + log());
      }
      try {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(URI.create(httpUrl("/readyz")))
                    .timeout(Duration.ofSeconds(1))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        // An edge is up but not ready until an origin accepts its check-in, or while it has no
        // address to advertise; tests that need it ready wait for that themselves.
        if (response.statusCode() == 200
            || response.body().contains("not checked in")
            || response.body().contains("no address to advertise yet")) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(100);
    }
    throw new AssertionError("media server not ready within 20 s:\n" + log());
  }

  public String rtmpUrl(String stream) {
    return "rtmp://127.0.0.1:" + rtmpPort + "/live/" + stream;
  }

  public String flvUrl(String stream) {
    return httpUrl("/live/" + stream + ".flv");
  }

  public String httpUrl(String path) {
    return "http://127.0.0.1:" + httpPort + path;
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() throws Exception {
    ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    Files.deleteIfExists(log);
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
