package io.streamcluster.operator.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcluster.media.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real origin: the media-server jar in role {@code origin} on 127.0.0.1, stopped by its pid. */
final class OriginProcess implements AutoCloseable {

  final int rtmpPort;
  final int httpPort;
  final int internalPort;
  private final Process process;

  private OriginProcess(Process process, int rtmpPort, int httpPort, int internalPort) {
    this.process = process;
    this.rtmpPort = rtmpPort;
    this.httpPort = httpPort;
    this.internalPort = internalPort;
  }

  /**
   * An origin on free ports. A port found free can still be taken before the origin binds it; the
   * origin then exits with "Address already in use", and fresh ports are tried, three times at
   * most.
   */
  static OriginProcess start(Path secretFile, Path log) throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return start(secretFile, log, freePort(), freePort(), freePort(), List.of());
      } catch (IOException e) {
        if (attempt == 3 || !Files.readString(log).contains("Address already in use")) {
          throw e;
        }
      }
    }
  }

  /**
   * An origin on the given ports with {@code extraArgs} after the role (e.g. its {@code --peers}).
   */
  static OriginProcess start(
      Path secretFile, Path log, int rtmp, int http, int internal, List<String> extraArgs)
      throws IOException, InterruptedException {
    Path jar =
        Path.of(System.getProperty("media-server.jar", "../media-server/target/media-server.jar"));
    assertThat(jar)
        .as("the media-server jar; build it with ./mvnw -pl media-server package")
        .isRegularFile();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "origin"));
    command.addAll(extraArgs);
    command.addAll(
        List.of(
            "--bind",
            "127.0.0.1",
            "--rtmp-port",
            Integer.toString(rtmp),
            "--http-port",
            Integer.toString(http),
            "--internal-port",
            Integer.toString(internal),
            "--cluster-secret-file",
            secretFile.toString()));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    OriginProcess origin = new OriginProcess(process, rtmp, http, internal);
    try {
      origin.awaitHealthy();
    } catch (RuntimeException | IOException | InterruptedException e) {
      origin.close();
      throw e;
    }
    return origin;
  }

  /** What players ask ({@code /cluster}): the origin's public HTTP port. */
  URI publicUri() {
    return URI.create("http://127.0.0.1:" + httpPort);
  }

  /** The origin's cluster API: its internal port. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + internalPort);
  }

  private void awaitHealthy() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("the origin exited with " + process.exitValue());
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(uri().resolve("/healthz")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(100);
    }
    throw new IOException("the origin did not become healthy within 30 s");
  }

  static int freePort() throws IOException {
    return FreePorts.one();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  static Path writeSecret(Path dir, byte[] secret) throws IOException {
    Path file = Files.createTempFile(dir, "cluster-secret", ".txt");
    Files.write(file, secret);
    return file;
  }
}
