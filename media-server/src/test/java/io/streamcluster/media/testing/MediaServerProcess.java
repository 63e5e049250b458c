package io.streamcluster.media.testing;

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

/**
 * The real media server jar in its own process, on free loopback ports; stopped by its own pid.
 *
 * <p>The jar is {@code target/media-server.jar} of the module running the test, or the path in the
 * system property {@value #JAR_PROPERTY} (other modules' tests point it at the media server's).
 */
public final class MediaServerProcess implements AutoCloseable {

  public static final String JAR_PROPERTY = "streamcluster.mediaServerJar";
  public static final Path JAR =
      Path.of(System.getProperty(JAR_PROPERTY, "target/media-server.jar"));

  private final Process process;
  private final Path log;
  public final int rtmpPort;
  public final int httpPort;

  /** Metrics and the cluster API. */
  public final int internalPort;

  /** RTMPS and HTTPS; 0 when the server was started without TLS. */
  public final int rtmpsPort;

  public final int httpsPort;

  private MediaServerProcess(
      Process process,
      Path log,
      int rtmpPort,
      int httpPort,
      int internalPort,
      int rtmpsPort,
      int httpsPort) {
    this.process = process;
    this.log = log;
    this.rtmpPort = rtmpPort;
    this.httpPort = httpPort;
    this.internalPort = internalPort;
    this.rtmpsPort = rtmpsPort;
    this.httpsPort = httpsPort;
  }

  /**
   * Starts with TLS on free RTMPS and HTTPS ports, serving {@code certificate} (PEM files); the
   * internal port speaks TLS then too.
   */
  public static MediaServerProcess startWithTls(
      String role, Path certificate, Path key, String... extraArgs) throws Exception {
    return start(
        role,
        () -> new Ports(freePort(), freePort(), freePort(), freePort(), freePort()),
        List.of("--tls-cert-file", certificate.toString(), "--tls-key-file", key.toString()),
        List.of(extraArgs));
  }

  public static MediaServerProcess start(String role, String... extraArgs) throws Exception {
    return start(
        role,
        () -> new Ports(freePort(), freePort(), freePort(), 0, 0),
        List.of(),
        List.of(extraArgs));
  }

  /**
   * Starts on the given public ports, e.g. those of a server stopped before, to restart it in
   * place; its internal port is any free one.
   */
  public static MediaServerProcess startOn(String role, int rtmp, int http, String... extraArgs)
      throws Exception {
    return start(
        role, () -> new Ports(rtmp, http, freePort(), 0, 0), List.of(), List.of(extraArgs));
  }

  /** The ports one attempt binds; RTMPS and HTTPS are 0 without TLS. */
  private record Ports(int rtmp, int http, int internal, int rtmps, int https) {}

  @FunctionalInterface
  private interface PortChoice {
    Ports choose() throws IOException;
  }

  /**
   * A port found free can still be taken before the server binds it (by another process's
   * listener); the server then exits with "Address already in use", and a fresh choice of ports is
   * tried.
   */
  private static final int BIND_ATTEMPTS = 3;

  private static MediaServerProcess start(
      String role, PortChoice portChoice, List<String> tlsArgs, List<String> extraArgs)
      throws Exception {
    if (!Files.exists(JAR)) {
      throw new AssertionError(
          JAR.toAbsolutePath() + " is missing; run ./mvnw package -pl media-server first");
    }
    for (int attempt = 1; ; attempt++) {
      MediaServerProcess server = launch(role, portChoice.choose(), tlsArgs, extraArgs);
      try {
        server.awaitReady();
        return server;
      } catch (PortTaken taken) {
        server.close();
        if (attempt == BIND_ATTEMPTS) {
          throw new AssertionError(
              "media server could not bind in " + BIND_ATTEMPTS + " attempts:\n" + taken.log);
        }
      }
    }
  }

  private static MediaServerProcess launch(
      String role, Ports ports, List<String> tlsArgs, List<String> extraArgs) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-jar");
    command.add(JAR.toString());
    command.add(role);
    command.addAll(
        List.of(
            "--bind",
            "127.0.0.1",
            "--rtmp-port",
            "" + ports.rtmp(),
            "--http-port",
            "" + ports.http(),
            "--internal-port",
            "" + ports.internal(),
            "--stream-wait-seconds",
            "5"));
    if (!tlsArgs.isEmpty()) {
      command.addAll(tlsArgs);
      command.addAll(
          List.of("--rtmps-port", "" + ports.rtmps(), "--https-port", "" + ports.https()));
    }
    command.addAll(extraArgs);
    Path log = Files.createTempFile("media-server-" + role + "-", ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new MediaServerProcess(
        process, log, ports.rtmp(), ports.http(), ports.internal(), ports.rtmps(), ports.https());
  }

  /** The server exited because one of its ports was taken after it was chosen. */
  private static final class PortTaken extends Exception {
    final String log;

    PortTaken(String log) {
      super("port taken", null, false, false);
      this.log = log;
    }
  }

  private void awaitReady() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    // generous: a JVM starting on a loaded two-core machine took 18 s to log its first line
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        String log = log();
        if (log.contains("Address already in use")) {
          throw new PortTaken(log);
        }
        throw new AssertionError("media server exited early:\n" + log);
      }
      try {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(URI.create(httpUrl("/readyz")))
                    .timeout(Duration.ofSeconds(1))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        // An edge is up but not ready until an origin accepts its check-in, or while it has no
        // address to advertise; tests that need it ready wait for that themselves.
        if (response.statusCode() == 200
            || response.body().contains("not checked in")
            || response.body().contains("no address to advertise yet")) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(100);
    }
    throw new AssertionError("media server not ready within 60 s:\n" + log());
  }

  public String rtmpUrl(String stream) {
    return "rtmp://127.0.0.1:" + rtmpPort + "/live/" + stream;
  }

  public String flvUrl(String stream) {
    return httpUrl("/live/" + stream + ".flv");
  }

  public String httpUrl(String path) {
    return "http://127.0.0.1:" + httpPort + path;
  }

  public String rtmpsUrl(String stream) {
    return "rtmps://127.0.0.1:" + rtmpsPort + "/live/" + stream;
  }

  public String httpsFlvUrl(String stream) {
    return "https://127.0.0.1:" + httpsPort + "/live/" + stream + ".flv";
  }

  /** On the internal port: {@code /metrics}, the cluster API; https when started with TLS. */
  public String internalUrl(String path) {
    return (rtmpsPort > 0 ? "https" : "http") + "://127.0.0.1:" + internalPort + path;
  }

  /** {@code 127.0.0.1:internalPort}, as edges' {@code --origins} and origins' {@code --peers}. */
  public String internalAddress() {
    return "127.0.0.1:" + internalPort;
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() throws Exception {
    ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    Files.deleteIfExists(log);
  }

  public static int freePort() throws IOException {
    return FreePorts.one();
  }
}
