package io.streamcluster.load;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.streamcluster.media.rtmp.RtmpChunkEncoder;
import io.streamcluster.media.rtmp.RtmpClientHandshakeHandler;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/** Where subscribers connect and which protocol they speak, from the {@code --url}. */
record SubscriberTarget(String scheme, String host, int port, String path) {

  static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  static SubscriberTarget parse(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    String host = url.getHost();
    if (host == null) {
      throw new IllegalArgumentException("no host in " + url);
    }
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    if (url.getRawQuery() != null) {
      path = path + "?" + url.getRawQuery();
    }
    return switch (scheme) {
      case "http" -> new SubscriberTarget(scheme, host, port(url, 80), path.isEmpty() ? "/" : path);
      case "rtmp" -> {
        if (path.lastIndexOf('/') <= 0) {
          throw new IllegalArgumentException("an RTMP url needs /app/stream: " + url);
        }
        yield new SubscriberTarget(scheme, host, port(url, 1935), path);
      }
      default -> throw new IllegalArgumentException("unsupported scheme in " + url);
    };
  }

  private static int port(URI url, int fallback) {
    return url.getPort() > 0 ? url.getPort() : fallback;
  }

  /** The same stream on another server, {@code host:port} (an edge {@code /cluster} named). */
  SubscriberTarget at(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("not host:port: " + hostPort);
    }
    return new SubscriberTarget(
        scheme,
        hostPort.substring(0, colon),
        Integer.parseInt(hostPort.substring(colon + 1)),
        path);
  }

  /** The RTMP application: the first path segment. */
  String app() {
    int slash = path.indexOf('/', 1);
    return path.substring(1, slash);
  }

  /** The RTMP stream name: everything after the application. */
  String streamName() {
    return path.substring(path.indexOf('/', 1) + 1);
  }

  String tcUrl() {
    return "rtmp://" + host + ":" + port + "/" + app();
  }

  ChannelHandler newPlayer(SubscriberStats stats) {
    if (scheme.equals("http")) {
      return new FlvLoadPlayer(stats, host, port, path);
    }
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline()
            .addLast(new RtmpClientHandshakeHandler(HANDSHAKE_TIMEOUT))
            .addLast(new RtmpChunkEncoder())
            .addLast(new RtmpLoadPlayer(stats, SubscriberTarget.this));
      }
    };
  }
}
