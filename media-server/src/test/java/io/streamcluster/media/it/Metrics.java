package io.streamcluster.media.it;

import io.streamcluster.media.testing.MediaServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads a server's Prometheus metrics. */
final class Metrics {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Metrics() {}

  /** The value of the sample whose name and labels start the line as given; 0 when absent. */
  static int gauge(MediaServerProcess server, String sample) throws Exception {
    String text =
        HTTP.send(
                HttpRequest.newBuilder(URI.create(server.internalUrl("/metrics"))).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    for (String line : text.split("\n")) {
      if (line.startsWith(sample + " ")) {
        return (int) Double.parseDouble(line.substring(sample.length() + 1).strip());
      }
    }
    return 0;
  }
}
