package io.streamcluster.load;

/** The settings a report repeats so that runs can be compared. */
record LoadRunSettings(
    String url, String transport, int threads, double rampSeconds, double expectedKbps) {}
