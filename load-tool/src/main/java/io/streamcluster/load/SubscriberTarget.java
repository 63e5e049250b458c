package io.streamcluster.load;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslContext;
import io.streamcluster.media.rtmp.RtmpChunkEncoder;
import io.streamcluster.media.rtmp.RtmpClientHandshakeHandler;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * Where subscribers connect and which protocol they speak, from the {@code --url}: RTMP or
 * HTTP-FLV, each plain or over TLS ({@code rtmps://}, {@code https://}), or low-latency HLS for an
 * {@code http://} URL of a {@code .m3u8} playlist.
 */
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
      case "http", "https" -> {
        boolean hls = url.getRawPath() != null && url.getRawPath().endsWith(".m3u8");
        if (hls && scheme.equals("https")) {
          throw new IllegalArgumentException("LL-HLS players run over plain HTTP only: " + url);
        }
        yield new SubscriberTarget(
            hls ? "hls" : scheme,
            host,
            port(url, scheme.equals("http") ? 80 : 443),
            path.isEmpty() ? "/" : path);
      }
      case "rtmp", "rtmps" -> {
        if (path.lastIndexOf('/') <= 0) {
          throw new IllegalArgumentException("an RTMP url needs /app/stream: " + url);
        }
        yield new SubscriberTarget(
            scheme, host, port(url, scheme.equals("rtmp") ? 1935 : 443), path);
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
    return scheme + "://" + host + ":" + port + "/" + app();
  }

  /** Whether subscribers speak TLS: {@code rtmps://} or {@code https://}. */
  boolean tls() {
    return scheme.equals("rtmps") || scheme.equals("https");
  }

  /**
   * A subscriber's pipeline.
   *
   * @param tls the client TLS context; used (and needed) when {@link #tls()}
   */
  ChannelHandler newPlayer(SubscriberStats stats, SslContext tls) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        if (tls()) {
          // verifies the server's certificate for the host of the URL
          ch.pipeline().addLast(tls.newHandler(ch.alloc(), host, port));
        }
        if (scheme.equals("hls")) {
          ch.pipeline().addLast(new HlsLoadPlayer(stats, host, port, path));
          return;
        }
        if (scheme.startsWith("http")) {
          ch.pipeline().addLast(new FlvLoadPlayer(stats, host, port, path));
          return;
        }
        ch.pipeline()
            .addLast(new RtmpClientHandshakeHandler(HANDSHAKE_TIMEOUT))
            .addLast(new RtmpChunkEncoder())
            .addLast(new RtmpLoadPlayer(stats, SubscriberTarget.this));
      }
    };
  }
}
