package io.streamcluster.media;

import io.streamcluster.media.auth.Secrets;
import io.streamcluster.media.auth.StreamTokens;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code java -jar media-server.jar origin|edge|standalone [flags]}, and the token tool. */
@Command(
    name = "media-server",
    mixinStandardHelpOptions = true,
    version = "StreamCluster media server 0.1.0",
    description = "RTMP ingest, RTMP and HTTP-FLV playback, origin-edge clustering.",
    subcommands = {
      MediaServerCommand.Standalone.class,
      MediaServerCommand.Origin.class,
      MediaServerCommand.Edge.class,
      MediaServerCommand.Token.class
    })
public final class MediaServerCommand implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new MediaServerCommand()).execute(args));
  }

  /** Runs a server in a role until the process is stopped. */
  abstract static class RoleCommand implements Callable<Integer> {
    @Mixin ServerOptions options;

    abstract Role role();

    @Override
    public Integer call() throws Exception {
      MediaServerConfig config;
      try {
        config = options.toConfig(role());
      } catch (IOException e) {
        throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
      }
      if (role() == Role.EDGE && config.edge().origins().isEmpty()) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "an edge needs --origins host:internalPort[,...]");
      }
      if (config.servesClusterApi()
          && config.clusterSecret().isEmpty()
          && !config.insecureClusterApi()) {
        throw new CommandLine.ParameterException(
            new CommandLine(this),
            "an "
                + role().name().toLowerCase()
                + " needs --cluster-secret-file to sign its cluster API; --insecure-cluster-api"
                + " runs it unauthenticated (local use only)");
      }
      MediaServer server = new MediaServer(config).start();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    if (role() == Role.EDGE) {
                      // SIGTERM: keep serving current players until they leave or time runs out.
                      server.drain().join();
                    }
                    server.close();
                    stopped.countDown();
                  },
                  "shutdown"));
      if (role() == Role.EDGE) {
        // An edge asked to drain by an origin exits once drained; the hook then closes it.
        server.drained().thenRun(() -> new Thread(() -> System.exit(0), "exit").start());
      }
      stopped.await();
      return 0;
    }
  }

  @Command(
      name = "standalone",
      mixinStandardHelpOptions = true,
      description = "Publishers and players in one process, no cluster.")
  static final class Standalone extends RoleCommand {
    @Override
    Role role() {
      return Role.STANDALONE;
    }
  }

  @Command(
      name = "origin",
      mixinStandardHelpOptions = true,
      description = "Takes publishers; edges pull streams from it.")
  static final class Origin extends RoleCommand {
    @Override
    Role role() {
      return Role.ORIGIN;
    }
  }

  @Command(
      name = "edge",
      mixinStandardHelpOptions = true,
      description = "Pulls streams from the origins on demand and serves players.")
  static final class Edge extends RoleCommand {
    @Override
    Role role() {
      return Role.EDGE;
    }
  }

  @Command(
      name = "token",
      mixinStandardHelpOptions = true,
      description =
          "Prints a signed stream key (name?expires=...[&sub=...]&token=...) to publish or play.")
  static final class Token implements Callable<Integer> {
    @picocli.CommandLine.ArgGroup(multiplicity = "1")
    SecretFile secretFile;

    /** Which secret file: a publish key or a play key. */
    static final class SecretFile {
      @Option(
          names = "--publish-secret-file",
          description = "Sign a publish key with the first secret of this file")
      Path publish;

      @Option(
          names = "--play-secret-file",
          description = "Sign a play key with the first secret of this file")
      Path play;
    }

    @Option(
        names = "--subject",
        description =
            "Who holds the key (letters, digits, _.@:-); a dropped publisher's waiting stream is"
                + " kept for the same subject")
    String subject;

    @Option(names = "--stream", required = true, description = "The stream name")
    String stream;

    @Option(
        names = "--ttl",
        defaultValue = "PT24H",
        description = "How long the token is valid (ISO-8601 duration). Default: ${DEFAULT-VALUE}")
    Duration ttl;

    @Override
    public Integer call() throws Exception {
      boolean play = secretFile.play != null;
      StreamTokens tokens =
          new StreamTokens(
              play ? StreamTokens.Purpose.PLAY : StreamTokens.Purpose.PUBLISH,
              Secrets.read(play ? secretFile.play : secretFile.publish),
              Clock.systemUTC());
      System.out.println(tokens.issue(stream, ttl, subject));
      return 0;
    }
  }
}
