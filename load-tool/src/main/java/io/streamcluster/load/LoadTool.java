package io.streamcluster.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.streamcluster.media.Transport;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Plays N subscribers of one live stream over RTMP, HTTP-FLV or LL-HLS and reports, per subscriber,
 * received bitrate, stalls over one second and time to first frame, and whether the server held N.
 *
 * <p>Subscribers are connected evenly over the ramp, left to settle, then measured over the window.
 * By default all of them share one event loop thread, so that the tool can be pinned to one core.
 */
@Command(
    name = "streamcluster-load",
    mixinStandardHelpOptions = true,
    version = "StreamCluster load tool 0.1.0",
    description =
        "Plays N RTMP, HTTP-FLV or LL-HLS subscribers of one stream, RTMP and HTTP-FLV plain or over"
            + " TLS, and reports what they got.")
public final class LoadTool implements Callable<Integer> {

  @Option(
      names = "--url",
      required = true,
      description =
          "rtmp://host:port/app/stream, http://host:port/app/stream.flv (rtmps:// and https://"
              + " over TLS), or http://host:port/live/stream/index.m3u8 (low-latency HLS, as hls.js"
              + " plays it)")
  URI url;

  @Option(
      names = "--ca-file",
      description =
          "PEM CAs that rtmps:// and https:// servers' certificates must chain to (e.g. a test CA;"
              + " default: the system trust store). The name checked is the URL's host.")
  Path caFile;

  @Option(
      names = "--reference-url",
      description =
          "Measure the latency a hop adds: one more subscriber, not counted in N, plays this URL"
              + " (the origin) and its video arrivals are the reference for the same frames,"
              + " matched by timestamp, at the subscribers of --url (an edge).")
  URI referenceUrl;

  @Option(
      names = "--ingest-arrivals",
      description =
          "Measure the latency the servers add: host:port of an ingest relay (IngestRelayCommand)"
              + " that the publisher publishes through; each video frame's arrival there is"
              + " compared with its arrival at the subscribers, matched by timestamp.")
  String ingestArrivals;

  @Option(
      names = "--subscribers",
      defaultValue = "100",
      description = "How many subscribers (default: ${DEFAULT-VALUE}).")
  int subscribers;

  @Option(
      names = "--ramp-seconds",
      defaultValue = "10",
      description = "Connect the subscribers evenly over this time (default: ${DEFAULT-VALUE}).")
  double rampSeconds;

  @Option(
      names = "--settle-seconds",
      defaultValue = "2",
      description = "Wait after the ramp before measuring (default: ${DEFAULT-VALUE}).")
  double settleSeconds;

  @Option(
      names = "--duration-seconds",
      defaultValue = "20",
      description = "Length of the measurement window (default: ${DEFAULT-VALUE}).")
  double durationSeconds;

  @Option(
      names = "--expected-kbps",
      defaultValue = "1500",
      description =
          "The stream's bitrate in kbit/s; a subscriber must receive 98%% of it"
              + " (default: ${DEFAULT-VALUE}).")
  double expectedKbps;

  @Option(
      names = "--warm-up-subscribers",
      defaultValue = "20",
      description =
          "Before the ramp, play this many untimed subscribers for --warm-up-seconds and close"
              + " them, so that the tool's own first connections (class loading, interpreted"
              + " code) do not count as the server's time to first frame; 0 turns it off"
              + " (default: ${DEFAULT-VALUE}).")
  int warmUpSubscribers;

  @Option(
      names = "--warm-up-seconds",
      defaultValue = "3",
      description =
          "How long the warm-up subscribers play after their first frame"
              + " (default: ${DEFAULT-VALUE}).")
  double warmUpSeconds;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "Event loop threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--server-pid",
      split = ",",
      description =
          "Process ids of the server (summed) whose CPU time and RSS are read from /proc at the"
              + " window's start and end.")
  List<Integer> serverPids = new ArrayList<>();

  @Option(
      names = "--clock-ticks",
      defaultValue = "100",
      description =
          "The kernel's clock ticks per second, getconf CLK_TCK (default: ${DEFAULT-VALUE}).")
  int clockTicks;

  @Option(
      names = "--churn-subscribers",
      defaultValue = "0",
      description =
          "Players on top of --subscribers that come and go all the time: each plays for a"
              + " random 1 to --churn-max-seconds seconds, leaves, and another joins in its place;"
              + " counted, not measured (default: ${DEFAULT-VALUE}).")
  int churnSubscribers;

  @Option(
      names = "--churn-max-seconds",
      defaultValue = "10",
      description = "Longest a churning player stays (default: ${DEFAULT-VALUE}).")
  double churnMaxSeconds;

  @Option(
      names = "--cluster-url",
      description =
          "Ask this /cluster (http://origin:5080/cluster) for each subscriber's edge first, as a"
              + " mobile client does, and play --url's stream there (RTMP only); a 503 is honoured"
              + " by coming back after its Retry-After, and a play the edge refuses (full,"
              + " draining, unreachable) by asking /cluster again. The warm-up is skipped.")
  URI clusterUrl;

  @Option(
      names = "--cluster-patience-seconds",
      defaultValue = "60",
      description =
          "How long a subscriber keeps asking /cluster (after 503s and refused plays) before it"
              + " gives up (default: ${DEFAULT-VALUE}).")
  double clusterPatienceSeconds;

  @Option(names = "--json-out", description = "Write the full report, per subscriber, here.")
  Path jsonOut;

  /** The subscribers' TLS, when the URL (or the reference URL) asks for it. */
  private SslContext tls;

  @Option(
      names = "--progress",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Print connected subscribers and bytes/s once per second.")
  boolean progress;

  public static void main(String[] args) {
    quietLogging();
    System.exit(new CommandLine(new LoadTool()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    SubscriberTarget target = SubscriberTarget.parse(url);
    if (subscribers < 1 || threads < 1 || durationSeconds <= 0 || rampSeconds < 0) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "subscribers, threads and duration must be positive");
    }
    if (clusterUrl != null && !target.scheme().equals("rtmp")) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--cluster-url names RTMP edges: --url must be rtmp://");
    }
    if (target.tls() || (referenceUrl != null && SubscriberTarget.parse(referenceUrl).tls())) {
      tls = ClientTls.context(caFile);
      System.out.println("TLS: " + ClientTls.providerName());
    }
    Transport transport = Transport.best();
    EventLoopGroup group = transport.newGroup(threads, new DefaultThreadFactory("load", true));
    LoadCounters counters = new LoadCounters();
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "load-progress");
              t.setDaemon(true);
              return t;
            });
    try {
      Bootstrap bootstrap =
          new Bootstrap()
              .channel(transport.clientChannel())
              .option(ChannelOption.TCP_NODELAY, true)
              .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
      ClusterAsker asker =
          clusterUrl == null
              ? null
              : new ClusterAsker(
                  clusterUrl, Duration.ofMillis((long) (clusterPatienceSeconds * 1000)), ticker);
      Progress progressLine = new Progress(counters, subscribers);
      if (progress) {
        ticker.scheduleAtFixedRate(progressLine::print, 1, 1, TimeUnit.SECONDS);
      }
      if (asker == null) {
        warmUp(group, bootstrap, target);
      }
      HopReference hop = null;
      StartedSubscriber reference = null;
      if (referenceUrl != null) {
        hop = new HopReference();
        reference = startReference(group, bootstrap, hop);
      }
      HopReference ingest = null;
      Channel arrivals = null;
      if (ingestArrivals != null) {
        ingest = new HopReference();
        arrivals =
            IngestArrivals.connect(
                bootstrap, group.next(), IngestRelayCommand.address(ingestArrivals), ingest);
      }
      List<StartedSubscriber> subs = ramp(group, bootstrap, target, counters, hop, ingest, asker);
      Churn churn =
          churnSubscribers > 0
              ? new Churn(
                  churnSubscribers,
                  churnMaxSeconds,
                  (loop, stats) -> connect(bootstrap, loop, target, stats),
                  group)
              : null;
      if (churn != null) {
        churn.start();
      }
      progressLine.phase("settle");
      sleepSeconds(settleSeconds);

      ServerProcess server =
          serverPids.isEmpty() ? null : new ServerProcess(serverPids, clockTicks);
      ServerProcess.Sample serverStart = server == null ? null : server.sample();
      long cpuStart = processCpuNanos();
      long windowStart = System.nanoTime();
      onEachLoop(subs, s -> s.stats.openWindow(windowStart));
      progressLine.phase("measure");
      sleepSeconds(durationSeconds);
      long windowEnd = System.nanoTime();
      double minKbps = expectedKbps * LoadReport.MIN_BITRATE_FRACTION;
      LoadReport.SubscriberResult[] results = new LoadReport.SubscriberResult[subs.size()];
      onEachLoop(
          subs,
          s -> {
            s.stats.closeWindow(windowEnd);
            results[s.stats.id()] = s.stats.result(minKbps);
          });
      double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
      ServerProcess.Sample serverEnd = server == null ? null : server.sample();
      ticker.shutdownNow();
      if (churn != null) {
        System.out.println(churn.stop());
      }
      LoadReport.Latency hopLatency =
          reference == null
              ? null
              : latency(
                  subs,
                  SubscriberStats::hopNanos,
                  SubscriberStats::hopUnmatched,
                  referenceUrl.toString(),
                  reference.counters.disconnects.get() == 0);
      LoadReport.Latency addedLatency =
          arrivals == null
              ? null
              : latency(
                  subs,
                  SubscriberStats::addedNanos,
                  SubscriberStats::addedUnmatched,
                  "ingest relay " + ingestArrivals,
                  arrivals.isActive());
      if (arrivals != null) {
        arrivals.close();
      }

      LoadReport report =
          LoadReport.of(
              new LoadRunSettings(
                  url.toString(),
                  transport.name().toLowerCase(Locale.ROOT),
                  threads,
                  rampSeconds,
                  expectedKbps),
              (windowEnd - windowStart) / 1e9,
              cpuSeconds,
              server == null ? null : LoadReport.Server.of(server.pids(), serverStart, serverEnd),
              hopLatency,
              addedLatency,
              asker == null ? null : asker.report(),
              Arrays.asList(results));
      System.out.print(report.summary());
      if (jsonOut != null) {
        report.writeJson(jsonOut);
      }
      return 0;
    } finally {
      ticker.shutdownNow();
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /**
   * Connects the reference subscriber and waits until it has a first frame (up to ten seconds), so
   * that its arrivals are there before the measured subscribers need them.
   */
  private StartedSubscriber startReference(
      EventLoopGroup group, Bootstrap bootstrap, HopReference hop) throws InterruptedException {
    SubscriberTarget target = SubscriberTarget.parse(referenceUrl);
    LoadCounters own = new LoadCounters();
    SubscriberStats stats = new SubscriberStats(-1, own, hop, true);
    EventLoop loop = group.next();
    connect(bootstrap, loop, target, stats);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (own.firstFrames.get() == 0 && own.disconnects.get() == 0) {
      if (System.nanoTime() > deadline) {
        System.out.println("reference " + referenceUrl + ": no first frame within 10 s");
        break;
      }
      Thread.sleep(20);
    }
    return new StartedSubscriber(stats, loop, own);
  }

  /** One latency's samples of all subscribers, gathered on their loops after the window closed. */
  private static LoadReport.Latency latency(
      List<StartedSubscriber> subs,
      Function<SubscriberStats, HopReference.Samples> samples,
      ToLongFunction<SubscriberStats> unmatchedFrames,
      String reference,
      boolean referenceConnected)
      throws InterruptedException {
    HopReference.Samples all = new HopReference.Samples();
    long[] unmatched = new long[1];
    onEachLoop(
        subs,
        s -> {
          synchronized (all) {
            samples.apply(s.stats).addAllTo(all);
            unmatched[0] += unmatchedFrames.applyAsLong(s.stats);
          }
        });
    return LoadReport.Latency.of(reference, referenceConnected, all.sorted(), unmatched[0]);
  }

  private List<StartedSubscriber> ramp(
      EventLoopGroup group,
      Bootstrap bootstrap,
      SubscriberTarget target,
      LoadCounters counters,
      HopReference hop,
      HopReference ingest,
      ClusterAsker asker) {
    List<StartedSubscriber> subs = new ArrayList<>(subscribers);
    long start = System.nanoTime();
    long rampNanos = (long) (rampSeconds * 1e9);
    for (int i = 0; i < subscribers; i++) {
      long due = start + rampNanos * i / subscribers;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      EventLoop loop = group.next();
      SubscriberStats stats = new SubscriberStats(i, counters, hop, false, ingest);
      if (asker == null) {
        connect(bootstrap, loop, target, stats);
      } else {
        ClusterAsker.Viewer viewer = asker.viewer();
        stats.onEdgeRefusal(
            reason -> playOn(viewer.edgeRefused(), reason, bootstrap, loop, target, stats));
        playOn(viewer.edge(), null, bootstrap, loop, target, stats);
      }
      subs.add(new StartedSubscriber(stats, loop, counters));
    }
    return subs;
  }

  /**
   * Plays the edge {@code /cluster} answers once it has; a subscriber that got none (it gave up
   * after 503s, or after edges refused it for {@code lastRefusal}) fails.
   */
  private void playOn(
      CompletableFuture<Optional<String>> edge,
      String lastRefusal,
      Bootstrap bootstrap,
      EventLoop loop,
      SubscriberTarget target,
      SubscriberStats stats) {
    edge.thenAccept(
        address ->
            loop.execute(
                () ->
                    address.ifPresentOrElse(
                        a -> connect(bootstrap, loop, target.at(a), stats),
                        () ->
                            stats.onFailure(
                                "no edge from /cluster within the patience"
                                    + (lastRefusal == null
                                        ? ""
                                        : " (the last edge refused: " + lastRefusal + ")")))));
  }

  /**
   * Plays the warm-up subscribers until each has a first frame (or ten seconds pass), lets them
   * play for the warm-up time, and closes them. Their figures are not reported.
   */
  private void warmUp(EventLoopGroup group, Bootstrap bootstrap, SubscriberTarget target)
      throws InterruptedException {
    if (warmUpSubscribers <= 0) {
      return;
    }
    LoadCounters own = new LoadCounters();
    List<ChannelFuture> connects = new ArrayList<>(warmUpSubscribers);
    for (int i = 0; i < warmUpSubscribers; i++) {
      SubscriberStats stats = new SubscriberStats(-1, own, null, false);
      connects.add(connect(bootstrap, group.next(), target, stats));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (own.firstFrames.get() + own.disconnects.get() < warmUpSubscribers
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    sleepSeconds(warmUpSeconds);
    for (ChannelFuture connect : connects) {
      connect.channel().close().syncUninterruptibly();
    }
    System.out.printf(
        "warm-up: %d subscribers, %d with a first frame, closed%n",
        warmUpSubscribers, own.firstFrames.get());
  }

  /** Starts one subscriber's connection on {@code loop}; a failed connect counts as a drop. */
  private ChannelFuture connect(
      Bootstrap bootstrap, EventLoop loop, SubscriberTarget target, SubscriberStats stats) {
    ChannelHandler handler = target.newPlayer(stats, tls);
    stats.onConnectStart(System.nanoTime());
    ChannelFuture connect =
        bootstrap.clone(loop).handler(handler).connect(target.host(), target.port());
    connect.addListener(
        f -> {
          if (!f.isSuccess()) {
            String reason = "connect failed: " + f.cause().getMessage();
            if (!stats.handBack(reason)) {
              stats.onFailure(reason);
              stats.onDisconnected();
            }
          }
        });
    return connect;
  }

  /** Runs {@code action} for every subscriber on its own event loop and waits for all of them. */
  private static void onEachLoop(
      List<StartedSubscriber> subs, java.util.function.Consumer<StartedSubscriber> action)
      throws InterruptedException {
    CountDownLatch done = new CountDownLatch(subs.size());
    for (StartedSubscriber s : subs) {
      s.loop.execute(
          () -> {
            try {
              action.accept(s);
            } finally {
              done.countDown();
            }
          });
    }
    if (!done.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("event loops did not answer within 30 s");
    }
  }

  private static void sleepSeconds(double seconds) throws InterruptedException {
    long millis = (long) (seconds * 1000);
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }

  /** Run on its own, the tool prints its progress and report; library debug logs are noise. */
  private static void quietLogging() {
    if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
        instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  private record StartedSubscriber(SubscriberStats stats, EventLoop loop, LoadCounters counters) {}

  /** The once-a-second progress line. */
  private static final class Progress {
    private final LoadCounters counters;
    private final int total;
    private final long start = System.nanoTime();
    private volatile String phase = "ramp";
    private long lastBytes;
    private long lastNanos = start;

    Progress(LoadCounters counters, int total) {
      this.counters = counters;
      this.total = total;
    }

    void phase(String phase) {
      this.phase = phase;
    }

    void print() {
      long now = System.nanoTime();
      long bytes = counters.bytes.sum();
      double mbps = (bytes - lastBytes) * 8 / ((now - lastNanos) / 1e9) / 1e6;
      lastBytes = bytes;
      lastNanos = now;
      System.out.printf(
          Locale.ROOT,
          "%5.0fs %-7s connected %d/%d, first frame %d, disconnects %d, %.1f Mbit/s%n",
          (now - start) / 1e9,
          phase,
          counters.connected.get(),
          total,
          counters.firstFrames.get(),
          counters.disconnects.get(),
          mbps);
    }
  }
}
