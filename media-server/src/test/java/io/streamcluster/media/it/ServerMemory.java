package io.streamcluster.media.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a server process holds: its resident memory, and its metrics. */
final class ServerMemory {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ServerMemory() {}

  /** The process's resident set size in bytes, from /proc. */
  static long rssBytes(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IOException("no VmRSS for process " + pid);
  }

  /** One sample of a metric from {@code /metrics}, by its full name with labels; 0 if absent. */
  static double metric(String metricsUrl, String series) throws IOException, InterruptedException {
    String body =
        HTTP.send(
                HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    for (String line : body.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return 0;
  }

  /** The count of refusals for {@code reason}. */
  static double refused(String metricsUrl, String reason) throws IOException, InterruptedException {
    return metric(metricsUrl, "streamcluster_connections_refused_total{reason=\"" + reason + "\"}");
  }

  /** The direct memory Netty's allocator holds. */
  static double directBufferBytes(String metricsUrl) throws IOException, InterruptedException {
    return metric(metricsUrl, "streamcluster_buffer_memory_bytes{kind=\"direct\"}");
  }
}
