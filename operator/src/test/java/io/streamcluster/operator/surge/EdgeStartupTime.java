package io.streamcluster.operator.surge;

import java.util.Random;

/**
 * How long a new edge takes from the scale-up to its first check-in, drawn evenly from a range:
 * about 10 s where the node has room and the image (the test node measured 8–10 s), 60–180 s where
 * a node must be provisioned first.
 */
record EdgeStartupTime(String name, double minSeconds, double maxSeconds) {

  static final EdgeStartupTime FAST = new EdgeStartupTime("~10 s", 8, 12);
  static final EdgeStartupTime NEW_NODE = new EdgeStartupTime("60–180 s", 60, 180);

  double sample(Random random) {
    return minSeconds + random.nextDouble() * (maxSeconds - minSeconds);
  }
}
