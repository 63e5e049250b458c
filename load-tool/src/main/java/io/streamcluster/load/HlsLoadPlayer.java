package io.streamcluster.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.streamcluster.media.hls.MediaPlaylist;
import io.streamcluster.media.hls.MultivariantPlaylist;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One low-latency HLS player on one keep-alive connection, fetching what {@link HlsPlayhead} asks
 * for in turn: {@code index.m3u8}, its media playlist (with the session it names), the
 * initialization section, parts and blocking reloads (or, from a server that cannot block, such as
 * one serving static files, reloads once per part target). Playlists are read whole; media bodies
 * are counted as they pass and released. Each part (or segment) that arrives is one media unit for
 * the subscriber's figures, stamped with its position on the stream's timeline.
 */
final class HlsLoadPlayer extends ChannelInitializer<SocketChannel> {

  private static final int MAX_PLAYLIST_BYTES = 1 << 20;

  private final SubscriberStats stats;
  private final String host;
  private final String indexPath;

  HlsLoadPlayer(SubscriberStats stats, String host, int port, String indexPath) {
    this.stats = stats;
    this.host = host + ":" + port;
    this.indexPath = indexPath;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ch.pipeline()
        .addLast("bytes", new ByteCounter(stats))
        .addLast("http", new HttpClientCodec())
        .addLast("player", new Player());
  }

  /** Counts what the socket delivers, before any decoding. */
  private static final class ByteCounter extends ChannelInboundHandlerAdapter {
    private final SubscriberStats stats;

    ByteCounter(SubscriberStats stats) {
      this.stats = stats;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ByteBuf buf) {
        stats.onBytes(buf.readableBytes(), System.nanoTime());
      }
      ctx.fireChannelRead(msg);
    }
  }

  private enum Fetching {
    INDEX,
    PLAYLIST,
    INIT,
    MEDIA
  }

  private final class Player extends ChannelInboundHandlerAdapter {
    private final HlsPlayhead playhead = new HlsPlayhead();
    private final StringBuilder text = new StringBuilder(4096);
    private Fetching fetching;
    private String path;
    private String directory;
    private String mediaPath;
    private HlsPlayhead.Media media;
    private int status;
    private long mediaMillis;
    private MediaPlaylist playlist;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      stats.onConnected();
      directory = indexPath.substring(0, indexPath.lastIndexOf('/') + 1);
      get(ctx, Fetching.INDEX, indexPath);
      ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof HttpResponse response) {
          status = response.status().code();
          if (status != 200) {
            fail(ctx, "HTTP " + status + " for " + path);
            return;
          }
        }
        if (msg instanceof HttpContent content && status == 200) {
          if (fetching != Fetching.MEDIA && fetching != Fetching.INIT) {
            if (text.length() + content.content().readableBytes() > MAX_PLAYLIST_BYTES) {
              fail(ctx, "a playlist over " + MAX_PLAYLIST_BYTES + " bytes");
              return;
            }
            text.append(content.content().toString(StandardCharsets.UTF_8));
          }
          if (msg instanceof LastHttpContent) {
            completed(ctx);
          }
        }
      } catch (IllegalArgumentException e) {
        fail(ctx, "unreadable playlist " + path + ": " + e.getMessage());
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    private void completed(ChannelHandlerContext ctx) {
      switch (fetching) {
        case INDEX -> {
          MultivariantPlaylist variants = MultivariantPlaylist.parse(text.toString());
          mediaPath = resolve(variants.variants().get(0).uri());
          get(ctx, Fetching.PLAYLIST, mediaPath);
        }
        case PLAYLIST -> step(ctx, MediaPlaylist.parse(text.toString()));
        case INIT -> step(ctx, null);
        case MEDIA -> {
          stats.onMedia(9, mediaMillis, 0, media.independent());
          mediaMillis += media.millis();
          playhead.played(media);
          step(ctx, null);
        }
      }
    }

    private void step(ChannelHandlerContext ctx, MediaPlaylist newer) {
      if (newer != null) {
        playlist = newer;
        if (playlist.ended()) {
          fail(ctx, "the stream ended");
          return;
        }
      }
      HlsPlayhead.Step next = playhead.next(playlist);
      if (next instanceof HlsPlayhead.Init init) {
        get(ctx, Fetching.INIT, resolve(init.uri()));
      } else if (next instanceof HlsPlayhead.Media m) {
        media = m;
        get(ctx, Fetching.MEDIA, resolve(m.uri()));
      } else if (next instanceof HlsPlayhead.Reload reload) {
        MediaPlaylist.ServerControl control = playlist.serverControl();
        if (control != null && control.canBlockReload()) {
          String separator = mediaPath.indexOf('?') < 0 ? "?" : "&";
          get(
              ctx,
              Fetching.PLAYLIST,
              mediaPath + separator + "_HLS_msn=" + reload.msn() + "&_HLS_part=" + reload.part());
        } else {
          // A server that cannot hold the request (static files): reload after a part target,
          // or half a target duration without parts, as hls.js polls.
          long millis =
              playlist.partTarget() > 0
                  ? Math.round(playlist.partTarget() * 1000)
                  : playlist.targetDuration() * 500L;
          ctx.executor()
              .schedule(
                  () -> {
                    if (ctx.channel().isActive()) {
                      get(ctx, Fetching.PLAYLIST, mediaPath);
                    }
                  },
                  millis,
                  TimeUnit.MILLISECONDS);
        }
      }
    }

    private void get(ChannelHandlerContext ctx, Fetching what, String requestPath) {
      fetching = what;
      path = requestPath;
      status = 0;
      text.setLength(0);
      FullHttpRequest request =
          new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, requestPath);
      request.headers().set(HttpHeaderNames.HOST, host);
      HttpUtil.setKeepAlive(request, true);
      request.headers().set(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.IDENTITY);
      ctx.writeAndFlush(request);
    }

    /** A URI from a playlist: relative to the playlist's directory, or absolute on this host. */
    private String resolve(String uri) {
      if (uri.startsWith("/")) {
        return uri;
      }
      if (uri.startsWith("http://") || uri.startsWith("https://")) {
        URI absolute = URI.create(uri);
        return absolute.getRawPath()
            + (absolute.getRawQuery() == null ? "" : "?" + absolute.getRawQuery());
      }
      return directory + uri;
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
      stats.onFailure(reason);
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      stats.onFailure("connection closed by the server");
      stats.onDisconnected();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      stats.onFailure(cause.getClass().getSimpleName() + ": " + cause.getMessage());
      ctx.close();
    }
  }
}
