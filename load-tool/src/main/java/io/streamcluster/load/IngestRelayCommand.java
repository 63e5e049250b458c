package io.streamcluster.load;

import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -cp streamcluster-load.jar io.streamcluster.load.IngestRelayCommand --listen ...
 * --target ... --arrivals ...}: runs an {@link IngestRelay} until the process is stopped. It lives
 * as long as the publisher, across the load tool's runs, each of which reads the arrivals with
 * {@code --ingest-arrivals}.
 */
@Command(
    name = "streamcluster-ingest-relay",
    mixinStandardHelpOptions = true,
    description =
        "Relays a publisher to a server's RTMP port and tells the load tool when each video frame"
            + " arrives at the server.")
public final class IngestRelayCommand implements Callable<Integer> {

  @Option(
      names = "--listen",
      required = true,
      description = "host:port the publisher connects to instead of the server")
  String listen;

  @Option(names = "--target", required = true, description = "host:port of the server's RTMP")
  String target;

  @Option(
      names = "--arrivals",
      required = true,
      description = "host:port where the load tool reads the arrivals")
  String arrivals;

  public static void main(String[] args) {
    System.exit(new CommandLine(new IngestRelayCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    IngestRelay relay = new IngestRelay(address(target)).start(address(listen), address(arrivals));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  relay.close();
                  stopped.countDown();
                },
                "relay-shutdown"));
    System.out.printf(
        "relay: publishers at port %d go to %s; arrivals at port %d%n",
        relay.publishPort(), target, relay.arrivalsPort());
    stopped.await();
    return 0;
  }

  static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("expected host:port, got '" + hostPort + "'");
    }
    return new InetSocketAddress(
        hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }
}
