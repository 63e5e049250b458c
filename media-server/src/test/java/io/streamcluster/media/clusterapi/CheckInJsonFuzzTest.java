package io.streamcluster.media.clusterapi;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * An edge's check-in as the origin reads it (Jackson into the cluster API's records) on any bytes:
 * a {@link CheckIn} or an {@link IOException} (Jackson's parse and mapping errors), nothing else.
 */
class CheckInJsonFuzzTest {

  @FuzzTest(maxDuration = "10s")
  void readsCheckIns(byte[] input) {
    CheckIn checkIn;
    try {
      checkIn = ClusterJson.MAPPER.readValue(input, CheckIn.class);
    } catch (IOException refused) {
      return;
    }
    if (checkIn != null && checkIn.streams() == null) {
      throw new AssertionError("a check-in without its streams map");
    }
  }
}
