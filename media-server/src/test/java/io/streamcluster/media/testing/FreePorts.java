package io.streamcluster.media.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for servers that tests start, taken from 15000 up to below both the kernel's
 * ephemeral range and Kubernetes' NodePort range (30000-32767, which a node on the same host may
 * forward).
 *
 * <p>A port the kernel hands out for {@code new ServerSocket(0)} comes from the same range as the
 * local ports of outgoing connections, so between the test choosing it and the server binding it,
 * one of the test's own connections can take it. Below that range only a listener can, and every
 * port this JVM handed out is remembered so two servers of one test never get the same one.
 */
public final class FreePorts {

  private static final int LOWEST = 15000;
  private static final int NODE_PORTS = 30000;
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  private FreePorts() {}

  /** One port that is free now. */
  public static int one() throws IOException {
    return range(1);
  }

  /** A base port such that {@code base .. base + count - 1} are all free now. */
  public static synchronized int range(int count) throws IOException {
    int highest = Math.min(ephemeralLow(), NODE_PORTS) - count;
    for (int attempt = 0; attempt < 200; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(LOWEST, highest);
      if (allFree(base, count)) {
        for (int port = base; port < base + count; port++) {
          HANDED_OUT.add(port);
        }
        return base;
      }
    }
    throw new IOException(
        "no " + count + " free ports found between " + LOWEST + " and " + highest);
  }

  private static boolean allFree(int base, int count) {
    for (int port = base; port < base + count; port++) {
      if (HANDED_OUT.contains(port) || !bindable(port)) {
        return false;
      }
    }
    return true;
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  /** The first port of the ephemeral range; Linux's default when it cannot be read. */
  private static int ephemeralLow() {
    try {
      int low = Integer.parseInt(Files.readString(EPHEMERAL_RANGE).trim().split("\\s+")[0]);
      return Math.max(low, LOWEST + 1000);
    } catch (IOException | RuntimeException unreadable) {
      return 32768;
    }
  }
}
