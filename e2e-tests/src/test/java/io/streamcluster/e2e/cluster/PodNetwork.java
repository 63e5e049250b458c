package io.streamcluster.e2e.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The node's pod and Service networks as the host sees them. The host reaches 10.244.0.0/24 and
 * 10.96.0.0/16 only through the node's bridge: with the node down, a packet to such an address
 * would take the default route and leave the machine, so nothing connects before this check.
 */
public final class PodNetwork {

  public static final String BRIDGE = "cni0";

  private PodNetwork() {}

  /** Whether the node's bridge exists on this machine. */
  public static boolean bridgeIsUp() {
    return Files.exists(Path.of("/sys/class/net", BRIDGE));
  }

  /** Returns {@code address} if it may be connected to from the host, or throws. */
  public static String requireReachable(String address) {
    if (address == null || address.isBlank() || "None".equals(address)) {
      throw new IllegalStateException("no cluster address to connect to: " + address);
    }
    if (address.startsWith("10.") && !bridgeIsUp()) {
      throw new IllegalStateException(
          "refusing to connect to "
              + address
              + ": bridge "
              + BRIDGE
              + " is absent (the node is down), so the packets would leave this machine");
    }
    return address;
  }
}
