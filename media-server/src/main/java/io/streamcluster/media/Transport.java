package io.streamcluster.media;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;

/**
 * How sockets are driven: Linux io_uring, Linux epoll, or Java NIO anywhere. Each is available or
 * not on this machine (a kernel without io_uring, a seccomp profile that forbids it, another OS);
 * {@link #select} picks the one asked for or the next available one down the list.
 */
public enum Transport {
  IO_URING,
  EPOLL,
  NIO;

  /**
   * Submission queue entries per io_uring event loop. A fan-out flushes one write per player, and
   * the ring is handed to the kernel whenever it is full: 4,096 entries carry a 2,000-player edge's
   * batch in one system call where Netty's default of 128 would take sixteen.
   */
  static final int RING_ENTRIES = 4096;

  /** The flag's name for this transport ({@code io_uring}, {@code epoll}, {@code nio}). */
  public String flagName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Why this transport cannot run here, or empty when it can. */
  public Optional<Throwable> unavailability() {
    return switch (this) {
      case IO_URING ->
          IoUring.isAvailable() ? Optional.empty() : cause(IoUring.unavailabilityCause());
      case EPOLL -> Epoll.isAvailable() ? Optional.empty() : cause(Epoll.unavailabilityCause());
      case NIO -> Optional.empty();
    };
  }

  private static Optional<Throwable> cause(Throwable cause) {
    return Optional.of(cause == null ? new UnsupportedOperationException("unavailable") : cause);
  }

  /** Native epoll where the platform has it, NIO elsewhere (tools that keep to one transport). */
  public static Transport best() {
    return EPOLL.unavailability().isEmpty() ? EPOLL : NIO;
  }

  /**
   * The transport for {@code choice}: the one named when it is available here, else the next
   * available one after it (io_uring, then epoll, then NIO); {@code auto} starts at {@link
   * TransportChoice#AUTO_PREFERS}. The selection says what was skipped and why, for the log.
   */
  public static Selection select(TransportChoice choice) {
    return select(choice, Transport::unavailability);
  }

  /** {@link #select(TransportChoice)} with the availability given, as a test needs it. */
  static Selection select(
      TransportChoice choice, Function<Transport, Optional<Throwable>> unavailability) {
    Transport wanted = choice.transport();
    StringBuilder skipped = new StringBuilder();
    for (Transport candidate : values()) {
      if (candidate.ordinal() < wanted.ordinal()) {
        continue;
      }
      Optional<Throwable> why = unavailability.apply(candidate);
      if (why.isEmpty()) {
        return new Selection(choice, candidate, skipped.toString());
      }
      if (!skipped.isEmpty()) {
        skipped.append("; ");
      }
      skipped.append(candidate.flagName()).append(" unavailable: ").append(why.get().getMessage());
    }
    throw new IllegalStateException("NIO is always available");
  }

  /** What {@link #select} chose for a {@link TransportChoice}, and what it had to skip. */
  public record Selection(TransportChoice choice, Transport transport, String skipped) {

    /** For the start-up log: "io_uring", "epoll (auto; io_uring unavailable: ...)". */
    public String describe() {
      String how = choice == TransportChoice.AUTO ? "auto" : "asked for " + choice.flagName();
      boolean asked = choice.transport() == transport;
      if (asked && choice != TransportChoice.AUTO) {
        return transport.flagName();
      }
      return transport.flagName() + " (" + how + (skipped.isEmpty() ? "" : "; " + skipped) + ")";
    }

    /** Whether a transport the operator named explicitly could not be used. */
    public boolean fellBack() {
      return choice != TransportChoice.AUTO && choice.transport() != transport;
    }
  }

  public EventLoopGroup newGroup(int threads) {
    return new MultiThreadIoEventLoopGroup(threads, ioHandlerFactory());
  }

  /** A group whose threads come from {@code threadFactory} (named, daemon, ...). */
  public EventLoopGroup newGroup(int threads, ThreadFactory threadFactory) {
    return new MultiThreadIoEventLoopGroup(threads, threadFactory, ioHandlerFactory());
  }

  private IoHandlerFactory ioHandlerFactory() {
    return switch (this) {
      case IO_URING ->
          IoUringIoHandler.newFactory(
              new IoUringIoHandlerConfig().setRingSize(RING_ENTRIES).setCqSize(2 * RING_ENTRIES));
      case EPOLL -> EpollIoHandler.newFactory();
      case NIO -> NioIoHandler.newFactory();
    };
  }

  public Class<? extends ServerSocketChannel> serverChannel() {
    return switch (this) {
      case IO_URING -> IoUringServerSocketChannel.class;
      case EPOLL -> EpollServerSocketChannel.class;
      case NIO -> NioServerSocketChannel.class;
    };
  }

  public Class<? extends SocketChannel> clientChannel() {
    return switch (this) {
      case IO_URING -> IoUringSocketChannel.class;
      case EPOLL -> EpollSocketChannel.class;
      case NIO -> NioSocketChannel.class;
    };
  }
}
