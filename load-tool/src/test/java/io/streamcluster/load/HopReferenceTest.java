package io.streamcluster.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HopReferenceTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  @Test
  void findsTheArrivalOfTheSameTimestamp() {
    HopReference hop = new HopReference();
    hop.record(0, 5 * MS);
    hop.record(33, 40 * MS);
    hop.record(67, 71 * MS);

    assertEquals(40 * MS, hop.arrival(33));
    assertEquals(5 * MS, hop.arrival(0));
    assertEquals(HopReference.MISSING, hop.arrival(50));
    assertEquals(HopReference.MISSING, hop.arrival(100));
  }

  @Test
  void keepsTheFirstArrivalOfARepeatedTimestamp() {
    HopReference hop = new HopReference();
    hop.record(1000, 10 * MS);
    hop.record(1000, 12 * MS);

    assertEquals(10 * MS, hop.arrival(1000));
    assertEquals(1, hop.size());
  }

  @Test
  void dropsTimestampsMoreThanTenSecondsOlderThanTheNewest() {
    HopReference hop = new HopReference();
    for (long t = 0; t <= 30_000; t += 33) {
      hop.record(t, t * MS);
    }
    long newest = 30_000 - 30_000 % 33;

    assertEquals(HopReference.MISSING, hop.arrival(0));
    assertEquals(HopReference.MISSING, hop.arrival(newest - 10_033 - (newest - 10_033) % 33));
    long kept = newest - 9_999 + (33 - (newest - 9_999) % 33) % 33;
    assertEquals(kept * MS, hop.arrival(kept));
    assertEquals(newest * MS, hop.arrival(newest));
    assertEquals(hop.size(), (int) ((newest - kept) / 33) + 1);
  }

  @Test
  void startsOverWhenTheTimelineGoesBack() {
    HopReference hop = new HopReference();
    hop.record(5000, 1 * MS);
    hop.record(5033, 2 * MS);
    hop.record(0, 3 * MS);

    assertEquals(HopReference.MISSING, hop.arrival(5000));
    assertEquals(3 * MS, hop.arrival(0));
  }

  @Test
  void grows() {
    HopReference hop = new HopReference();
    for (long t = 0; t < 5000; t++) {
      hop.record(t, t);
    }
    for (long t = 0; t < 5000; t += 7) {
      assertEquals(t, hop.arrival(t));
    }
  }

  @Test
  void subscribersMeasureVideoInsideTheWindowAgainstTheReference() {
    HopReference hop = new HopReference();
    SubscriberStats reference = new SubscriberStats(-1, new LoadCounters(), hop, true);
    SubscriberStats edge = new SubscriberStats(0, new LoadCounters(), hop, false);

    reference.onBytes(100, 1000 * MS);
    reference.onMedia(9, 40, 500, true);
    reference.onMedia(8, 41, 50, false); // audio is not a reference
    edge.onBytes(100, 1020 * MS);
    edge.onMedia(9, 40, 500, true); // before the window: not counted

    edge.openWindow(1030 * MS);
    reference.onBytes(100, 1033 * MS);
    reference.onMedia(9, 73, 500, false);
    edge.onBytes(100, 1045 * MS);
    edge.onMedia(9, 73, 500, false); // 12 ms after the reference
    edge.onMedia(8, 41, 50, false); // audio: not counted
    edge.onBytes(100, 1100 * MS);
    edge.onMedia(9, 40, 500, false); // the same frame again: 100 ms after the reference
    edge.onMedia(9, 106, 500, false); // not seen by the reference yet
    edge.closeWindow(1200 * MS);
    edge.onBytes(100, 1300 * MS);
    edge.onMedia(9, 73, 500, false); // after the window: not counted

    assertArrayEquals(new long[] {12 * MS, 100 * MS}, edge.hopNanos().sorted());
    assertEquals(1, edge.hopUnmatched());
    assertNull(reference.hopNanos());
  }

  @Test
  void aFrameThatArrivesBeforeTheReferenceIsMatchedWhenTheReferenceHasIt() {
    HopReference hop = new HopReference();
    SubscriberStats reference = new SubscriberStats(-1, new LoadCounters(), hop, true);
    SubscriberStats edge = new SubscriberStats(0, new LoadCounters(), hop, false);
    edge.openWindow(0);

    reference.onBytes(100, 10 * MS);
    reference.onMedia(9, 0, 500, true);
    edge.onBytes(100, 40 * MS);
    edge.onMedia(9, 33, 500, false); // read before the reference's copy of the same frame
    reference.onBytes(100, 42 * MS);
    reference.onMedia(9, 33, 500, false);
    edge.onBytes(100, 50 * MS);
    edge.onMedia(9, 50, 500, false); // the reference went past 50 without it: unmatched
    reference.onBytes(100, 70 * MS);
    reference.onMedia(9, 66, 500, false);
    edge.onBytes(100, 80 * MS);
    edge.onMedia(9, 66, 500, false);
    edge.closeWindow(100 * MS);

    assertArrayEquals(new long[] {-2 * MS, 10 * MS}, edge.hopNanos().sorted());
    assertEquals(1, edge.hopUnmatched());
  }

  @Test
  void framesTheReferenceNeverGetsAreUnmatchedAtTheWindowsEnd() {
    HopReference hop = new HopReference();
    SubscriberStats edge = new SubscriberStats(0, new LoadCounters(), hop, false);
    edge.openWindow(0);
    for (int i = 0; i < 40; i++) {
      edge.onBytes(100, i * MS);
      edge.onMedia(9, 33L * i, 500, i == 0);
    }
    edge.closeWindow(100 * MS);

    assertEquals(0, edge.hopNanos().size());
    assertEquals(40, edge.hopUnmatched());
  }

  @Test
  void reportsNearestRankPercentilesInMilliseconds() {
    long[] sorted = new long[200];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = (i + 1) * MS;
    }
    LoadReport.Latency hop = LoadReport.Latency.of("rtmp://origin/live/x", true, sorted, 3);

    assertEquals(200, hop.samples());
    assertEquals(3, hop.unmatched());
    assertEquals(1.0, hop.minMs());
    assertEquals(100.0, hop.p50Ms());
    assertEquals(198.0, hop.p99Ms());
    assertEquals(200.0, hop.maxMs());
    assertNull(LoadReport.Latency.of("x", false, new long[0], 0).p99Ms());
  }
}
