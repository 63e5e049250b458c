package io.streamcluster.load;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Run-wide totals the progress line reads from another thread while subscribers update them. */
final class LoadCounters {
  final AtomicInteger connected = new AtomicInteger();
  final AtomicInteger firstFrames = new AtomicInteger();
  final AtomicInteger disconnects = new AtomicInteger();
  final LongAdder bytes = new LongAdder();
}
