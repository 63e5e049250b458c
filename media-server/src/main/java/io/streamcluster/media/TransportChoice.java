package io.streamcluster.media;

import java.util.Locale;

/** What {@code --transport} asks for: a transport by name, or {@code auto}. */
public enum TransportChoice {
  AUTO,
  IO_URING,
  EPOLL,
  NIO;

  /**
   * Where {@code auto} starts looking: epoll. In the fan-out benchmark (docs/fan-out) io_uring
   * costs the same CPU per delivered gigabit within the noise, and container runtimes' default
   * seccomp profiles mostly forbid its system calls.
   */
  public static final Transport AUTO_PREFERS = Transport.EPOLL;

  /** The transport asked for; {@code auto} asks for {@link #AUTO_PREFERS}. */
  public Transport transport() {
    return this == AUTO ? AUTO_PREFERS : Transport.valueOf(name());
  }

  /** The flag's spelling: {@code auto}, {@code io_uring}, {@code epoll}, {@code nio}. */
  public String flagName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reads the flag's spelling, in any case. */
  public static TransportChoice parse(String value) {
    for (TransportChoice choice : values()) {
      if (choice.flagName().equalsIgnoreCase(value.strip())) {
        return choice;
      }
    }
    throw new IllegalArgumentException(
        "unknown transport '" + value + "': expected auto, io_uring, epoll or nio");
  }
}
