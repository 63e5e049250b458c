package io.streamcluster.media.fuzz;

import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * A pipeline under a fuzzer: its buffers come from an allocator that counts every byte it hands out
 * and gets back, so that each input is checked for what the pipeline holds while it reads (at most
 * {@code maxHeldBytes} after every piece) and for leaks (nothing held once the channel is closed
 * and what it produced is released). Netty's leak detector watches the same buffers.
 *
 * <p>The first byte of a fuzzer's input is a control byte: its low bit says whether the connection
 * counts as admitted (a publisher's or player's) where that matters, the rest how big the pieces
 * are that the remaining bytes arrive in (1 to 128 bytes, so every split of a header is tried).
 */
public final class FuzzedChannel implements AutoCloseable {

  private final UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(false);
  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final long maxHeldBytes;

  public FuzzedChannel(long maxHeldBytes, ChannelHandler... handlers) {
    this.maxHeldBytes = maxHeldBytes;
    channel.config().setAllocator(allocator);
    channel.pipeline().addLast(handlers);
  }

  public EmbeddedChannel channel() {
    return channel;
  }

  /** Whether the control byte asks for an admitted connection. */
  public static boolean admitted(byte[] input) {
    return input.length > 0 && (input[0] & 1) == 1;
  }

  /** Feeds the input after its control byte, in pieces, checking what is held after each. */
  public void feed(byte[] input) {
    if (input.length < 2) {
      return;
    }
    int piece = 1 + ((input[0] & 0xFF) >>> 1);
    for (int from = 1; from < input.length && channel.isOpen(); from += piece) {
      int length = Math.min(piece, input.length - from);
      channel.writeInbound(Unpooled.wrappedBuffer(input, from, length));
      channel.runPendingTasks();
      releaseProduced();
      long held = heldBytes();
      // A plain check: this runs millions of times per fuzzing run.
      if (held > maxHeldBytes) {
        throw new AssertionError(
            "the pipeline holds "
                + held
                + " bytes after "
                + (from + length - 1)
                + " input bytes, over the bound of "
                + maxHeldBytes);
      }
    }
  }

  /** Bytes of buffers handed out by the channel's allocator and not released. */
  public long heldBytes() {
    return allocator.metric().usedHeapMemory() + allocator.metric().usedDirectMemory();
  }

  private void releaseProduced() {
    for (Object message; (message = channel.readInbound()) != null; ) {
      ReferenceCountUtil.release(message);
    }
    for (Object message; (message = channel.readOutbound()) != null; ) {
      ReferenceCountUtil.release(message);
    }
  }

  /** Closes the channel and asserts that nothing it allocated is still held. */
  @Override
  public void close() {
    channel.close();
    channel.runPendingTasks();
    channel.finishAndReleaseAll();
    releaseProduced();
    long held = heldBytes();
    if (held != 0) {
      throw new AssertionError(held + " bytes still held after the connection closed (a leak)");
    }
  }
}
