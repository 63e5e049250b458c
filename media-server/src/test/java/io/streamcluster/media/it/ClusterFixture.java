package io.streamcluster.media.it;

import io.streamcluster.media.clusterapi.ClusterSecret;
import io.streamcluster.media.testing.MediaServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Origins and edges as separate processes on loopback, sharing one cluster secret. */
final class ClusterFixture implements AutoCloseable {

  /** How often the fixture's edges check in. */
  static final long CHECK_IN_INTERVAL_MILLIS = 400;

  /** How long the fixture's origins keep a silent edge, and the viewers handed to it unseen. */
  static final int EDGE_TTL_SECONDS = 2;

  static final String SECRET = "it-cluster-secret-0123456789";

  final Path secretFile;
  final ClusterSecret secret =
      new ClusterSecret(SECRET.getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
  private final List<MediaServerProcess> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  ClusterFixture() throws Exception {
    secretFile = Files.createTempFile("cluster-secret", "");
    Files.writeString(secretFile, SECRET);
  }

  MediaServerProcess origin(String... extra) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--cluster-secret-file",
                secretFile.toString(),
                "--edge-ttl-seconds",
                String.valueOf(EDGE_TTL_SECONDS)));
    args.addAll(List.of(extra));
    return track(MediaServerProcess.start("origin", args.toArray(String[]::new)));
  }

  MediaServerProcess edge(String id, MediaServerProcess... origins) throws Exception {
    return edgeWithSecret(id, secretFile, origins);
  }

  MediaServerProcess edgeWithArgs(String id, MediaServerProcess origin, String... extra)
      throws Exception {
    return edgeWith(id, secretFile, List.of(origin), List.of(extra));
  }

  MediaServerProcess edgeWithSecret(String id, Path secret, MediaServerProcess... origins)
      throws Exception {
    return edgeWith(id, secret, List.of(origins), List.of());
  }

  private MediaServerProcess edgeWith(
      String id, Path secret, List<MediaServerProcess> origins, List<String> extra)
      throws Exception {
    List<String> addresses = new ArrayList<>();
    for (MediaServerProcess origin : origins) {
      addresses.add(origin.internalAddress());
    }
    List<String> args =
        new ArrayList<>(
            List.of(
                "--origins",
                String.join(",", addresses),
                "--edge-id",
                id,
                "--advertise-host",
                "127.0.0.1",
                "--cluster-secret-file",
                secret.toString(),
                "--check-in-interval-ms",
                String.valueOf(CHECK_IN_INTERVAL_MILLIS),
                "--drain-timeout-seconds",
                "30",
                "--upstream-grace-seconds",
                "1"));
    args.addAll(extra);
    return track(MediaServerProcess.start("edge", args.toArray(String[]::new)));
  }

  private MediaServerProcess track(MediaServerProcess process) {
    processes.add(process);
    return process;
  }

  /** On the public HTTP port. */
  HttpResponse<String> get(MediaServerProcess server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.httpUrl(path))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** On the internal port, unsigned. */
  HttpResponse<String> internal(MediaServerProcess server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.internalUrl(path))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** On the internal port, signed with the cluster secret. */
  HttpResponse<String> signedGet(MediaServerProcess server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.internalUrl(path)))
            .header("Authorization", secret.sign("GET", path, new byte[0]))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** On the internal port, signed with the cluster secret. */
  HttpResponse<String> signedPost(MediaServerProcess server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.internalUrl(path)))
            .header("Authorization", secret.sign("POST", path, new byte[0]))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws Exception {
    for (MediaServerProcess process : processes) {
      process.close();
    }
    Files.deleteIfExists(secretFile);
  }
}
