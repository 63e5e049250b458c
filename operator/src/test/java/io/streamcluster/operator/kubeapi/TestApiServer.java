package io.streamcluster.operator.kubeapi;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfig;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real kube-apiserver with its etcd on 127.0.0.1, for integration tests, through Fabric8's
 * kube-api-test in offline mode. The binaries are built once by {@code
 * scripts/kube-test-binaries.sh}; when they are missing the test fails and says so (it never
 * skips).
 *
 * <p>kube-api-test does not stop its processes when the JVM dies, so a shutdown hook does; {@link
 * #close()} stops them at most once.
 */
public final class TestApiServer implements AutoCloseable {

  public static final String KUBERNETES_VERSION = "1.34.4";
  static final String BINARIES_SCRIPT = "scripts/kube-test-binaries.sh";
  static final Path DEFAULT_TEST_DIR = Path.of(System.getProperty("user.home"), ".kubeapitest");
  private static final Duration GRACE = Duration.ofSeconds(5);

  /** Longer than kube-api-test's own readiness timeout (60 s). */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private static final Logger log = LoggerFactory.getLogger(TestApiServer.class);

  /** Starts whose process exited before the server came up are retried, this many times at most. */
  static final int START_ATTEMPTS = 3;

  private static final int OUTPUT_TAIL_LINES = 40;

  private final WatchedServer server;
  private final Path binaries;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final Thread shutdownHook;
  private String kubeconfig;
  private Duration startup;

  private TestApiServer(WatchedServer server, Path binaries) {
    this.server = server;
    this.binaries = binaries;
    this.shutdownHook = new Thread(this::killOnExit, "kube-apiserver-shutdown");
  }

  /** Starts etcd and kube-apiserver; fails with what to run when the binaries are not built. */
  public static TestApiServer start() {
    return start(List.of());
  }

  /**
   * As {@link #start()}, with the audit log on: every request's metadata (user, impersonated user,
   * verb, resource, response code) as one JSON line in {@code auditLog}, which is emptied first.
   * The policy sits next to it.
   */
  public static TestApiServer startWithAuditLog(Path auditLog) {
    Path log = auditLog.toAbsolutePath();
    Path policy = log.resolveSibling(log.getFileName() + ".policy.yaml");
    try {
      Files.createDirectories(log.getParent());
      Files.deleteIfExists(log);
      Files.writeString(
          policy,
          """
          apiVersion: audit.k8s.io/v1
          kind: Policy
          omitStages: ["RequestReceived"]
          rules:
            - level: Metadata
          """);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return start(List.of("--audit-policy-file=" + policy, "--audit-log-path=" + log));
  }

  /** As {@link #start()}, with more kube-apiserver flags ({@code --name=value}). */
  static TestApiServer start(List<String> extraFlags) {
    Path testDir = testDir();
    Path binaries = testDir.resolve("k8s").resolve(KUBERNETES_VERSION + "-linux-amd64");
    List<String> missing =
        List.of("kube-apiserver", "etcd", "kubectl").stream()
            .filter(binary -> !Files.isExecutable(binaries.resolve(binary)))
            .toList();
    if (!missing.isEmpty()) {
      throw new AssertionError(
          "kube-apiserver tests need "
              + String.join(", ", missing)
              + " in "
              + binaries
              + ": run `"
              + (testDir.equals(DEFAULT_TEST_DIR) ? "" : "KUBE_API_TEST_DIR=" + testDir + " ")
              + BINARIES_SCRIPT
              + "` once (it builds them from the Go module proxy, a few minutes cold)");
    }
    KubeAPIServerConfigBuilder config =
        KubeAPIServerConfigBuilder.anAPIServerConfig()
            .withTestDir(testDir.toString())
            .withApiServerVersion(KUBERNETES_VERSION)
            .withOfflineMode(true)
            .withUpdateKubeConfig(false)
            .withApiServerFlag("--bind-address=127.0.0.1");
    extraFlags.forEach(config::withApiServerFlag);
    KubeAPIServerConfig built = config.build();
    List<String> failures = new ArrayList<>();
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      TestApiServer apiServer = new TestApiServer(new WatchedServer(built, binaries), binaries);
      Optional<String> exited = apiServer.startProcesses();
      if (exited.isEmpty()) {
        return apiServer;
      }
      failures.add("attempt " + attempt + ": " + exited.get());
      log.warn("kube-apiserver start failed, {}", failures.get(failures.size() - 1));
    }
    throw new AssertionError(
        "kube-apiserver "
            + KUBERNETES_VERSION
            + " did not start in "
            + START_ATTEMPTS
            + " attempts (all output is in target/kube-apiserver.log):\n"
            + String.join("\n", failures));
  }

  /**
   * Starts etcd and kube-apiserver. A process that exits during the start ends the attempt at once
   * (kube-api-test would wait out its whole readiness timeout) and is reported with its exit status
   * and the tail of the output, to be retried; any other failure fails the test with the same
   * details.
   *
   * @return why the attempt failed when a process exited during it; empty once the server is up
   */
  private Optional<String> startProcesses() {
    // before start(): a JVM stopped while etcd is already up must not leave it behind
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    long begin = System.nanoTime();
    CompletableFuture<Void> started = new CompletableFuture<>();
    Thread starter =
        new Thread(
            () -> {
              try {
                server.start();
                started.complete(null);
              } catch (Throwable e) {
                started.completeExceptionally(e);
              }
            },
            "kube-apiserver-start");
    starter.setDaemon(true);
    try (ProcessOutput output = ProcessOutput.capture(OUTPUT_TAIL_LINES)) {
      starter.start();
      try {
        CompletableFuture.anyOf(started, server.exited).get(START_TIMEOUT.toMillis(), MILLISECONDS);
        if (server.exited.isDone()) {
          // kube-api-test would go on polling the dead server: stop it, and whatever it started
          starter.interrupt();
          starter.join(GRACE.toMillis());
          close();
          return Optional.of(server.exited.join() + output.describe());
        }
        started.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new AssertionError("interrupted while kube-apiserver started", e);
      } catch (TimeoutException | ExecutionException | CompletionException e) {
        starter.interrupt();
        close();
        throw new AssertionError(
            "kube-apiserver "
                + KUBERNETES_VERSION
                + " did not start: "
                + (e.getCause() == null ? e : e.getCause())
                + output.describe()
                + "\n(all output is in target/kube-apiserver.log)",
            e);
      }
    }
    startup = Duration.ofNanos(System.nanoTime() - begin);
    kubeconfig = server.getKubeConfigYaml();
    log.info(
        "kube-apiserver {} with etcd started in {} ms", KUBERNETES_VERSION, startup.toMillis());
    return Optional.empty();
  }

  /** Failsafe passes {@code kube-api-test.dir}; the environment or the default otherwise. */
  static Path testDir() {
    String dir = System.getProperty("kube-api-test.dir");
    if (dir == null || dir.isBlank()) {
      dir = System.getenv(KubeAPIServerConfigBuilder.KUBE_API_TEST_DIR);
    }
    if (dir == null || dir.isBlank()) {
      return DEFAULT_TEST_DIR;
    }
    return Path.of(dir);
  }

  /** A new client for this server (the JDK HTTP client); close it when done. */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
  }

  public String kubeconfig() {
    return kubeconfig;
  }

  public Path kubectl() {
    return binaries.resolve("kubectl");
  }

  public Duration startupTime() {
    return startup;
  }

  @Override
  public void close() {
    if (stopped.compareAndSet(false, true)) {
      try {
        server.stop();
      } finally {
        killOwnProcesses();
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or ran: nothing left to remove
    }
  }

  /**
   * At JVM exit kube-api-test's state may be half built (stopped during start), so the hook does
   * not rely on it: it ends this JVM's own etcd and kube-apiserver children by their binary path.
   */
  private void killOnExit() {
    if (stopped.compareAndSet(false, true)) {
      killOwnProcesses();
    }
  }

  private void killOwnProcesses() {
    List<ProcessHandle> children =
        ProcessHandle.current()
            .descendants()
            .filter(p -> p.info().command().map(c -> Path.of(c).startsWith(binaries)).orElse(false))
            .toList();
    children.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + GRACE.toNanos();
    for (ProcessHandle child : children) {
      try {
        child.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        child.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        child.destroyForcibly();
      }
    }
  }

  /**
   * kube-api-test's server, which also says which of its processes exited by itself and how (its
   * own handler only stops the other). Stops at most once.
   */
  private static final class WatchedServer extends KubeAPIServer {

    final CompletableFuture<String> exited = new CompletableFuture<>();
    private final Path binaries;
    private final Map<Long, String> names = new ConcurrentHashMap<>();
    private boolean stopped;

    WatchedServer(KubeAPIServerConfig config, Path binaries) {
      super(config);
      this.binaries = binaries;
    }

    @Override
    public void start() {
      // the process handed to processStopped has exited, and its name is known only while it runs
      Thread namer =
          new Thread(
              () -> {
                while (!exited.isDone()) {
                  rememberNames();
                  try {
                    Thread.sleep(50);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "kube-api-test-process-names");
      namer.setDaemon(true);
      namer.start();
      try {
        super.start();
      } finally {
        namer.interrupt();
      }
    }

    private void rememberNames() {
      ProcessHandle.current()
          .descendants()
          .forEach(
              p ->
                  p.info()
                      .command()
                      .map(Path::of)
                      .filter(command -> command.startsWith(binaries))
                      .ifPresent(
                          command -> names.putIfAbsent(p.pid(), command.getFileName().toString())));
    }

    @Override
    public void processStopped(Process process) {
      exited.complete(
          nameOf(process.pid())
              + " (pid "
              + process.pid()
              + ") exited by itself with status "
              + process.exitValue());
      super.processStopped(process);
    }

    /**
     * A kube-apiserver that refuses its flags exits within milliseconds, often before the namer has
     * seen it; etcd runs on meanwhile. So an unnamed process that stopped while a named etcd still
     * runs is the kube-apiserver (the only two processes of an attempt).
     */
    private String nameOf(long pid) {
      rememberNames();
      String name = names.get(pid);
      if (name != null) {
        return name;
      }
      boolean etcdRuns =
          names.entrySet().stream()
              .filter(e -> e.getValue().equals("etcd"))
              .anyMatch(
                  e -> ProcessHandle.of(e.getKey()).map(ProcessHandle::isAlive).orElse(false));
      return etcdRuns ? "kube-apiserver" : "kube-apiserver or etcd";
    }

    @Override
    public synchronized void stop() {
      if (!stopped) {
        stopped = true;
        super.stop();
      }
    }
  }
}
