package io.streamcluster.media.edge;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.streamcluster.media.MediaLimits;
import io.streamcluster.media.limits.PeerAdmission;
import io.streamcluster.media.rtmp.RtmpChunkDecoder;
import io.streamcluster.media.rtmp.RtmpChunkEncoder;
import io.streamcluster.media.rtmp.RtmpClientHandshakeHandler;
import io.streamcluster.media.stream.StreamRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Opens RTMP pulls from origins on the server's own event loops: each is a client connection with
 * the client handshake, the chunk codec and an {@link UpstreamPullHandler}, feeding the local
 * {@link StreamRegistry}.
 */
public final class UpstreamClient implements UpstreamConnector {

  private final EventLoopGroup group;
  private final Class<? extends SocketChannel> channelType;
  private final StreamRegistry registry;
  private final MediaLimits limits;
  private final EdgePullConfig config;

  public UpstreamClient(
      EventLoopGroup group,
      Class<? extends SocketChannel> channelType,
      StreamRegistry registry,
      MediaLimits limits,
      EdgePullConfig config) {
    this.group = group;
    this.channelType = channelType;
    this.registry = registry;
    this.limits = limits;
    this.config = config;
  }

  @Override
  public Upstream open(OriginAddress origin, String stream, UpstreamListener listener) {
    ChannelUpstream upstream = new ChannelUpstream(origin, stream, listener);
    ChannelFuture connected =
        new Bootstrap()
            .group(group)
            .channel(channelType)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    // The origin this edge chose to play from is not a stranger: its media gets
                    // a publisher's bounds from the first byte.
                    PeerAdmission.admit(ch);
                    ch.pipeline()
                        .addLast(
                            "readTimeout",
                            new ReadTimeoutHandler(
                                config.readTimeout().toMillis(), TimeUnit.MILLISECONDS))
                        .addLast(
                            "handshake", new RtmpClientHandshakeHandler(config.handshakeTimeout()))
                        .addLast("chunkDecoder", new RtmpChunkDecoder(limits))
                        .addLast("chunkEncoder", new RtmpChunkEncoder())
                        .addLast("pull", new UpstreamPullHandler(registry, upstream, upstream));
                  }
                })
            .connect(origin.host(), origin.port());
    upstream.attach(connected);
    return upstream;
  }

  /**
   * The handle of one pull. It reports the end exactly once, whether the connection never opened
   * (the handler never ran) or the handler saw it close, and names an end this edge asked for.
   */
  private static final class ChannelUpstream implements Upstream, UpstreamListener {
    private final OriginAddress origin;
    private final String stream;
    private final UpstreamListener listener;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean closedHere;
    private volatile Channel channel;

    ChannelUpstream(OriginAddress origin, String stream, UpstreamListener listener) {
      this.origin = origin;
      this.stream = stream;
      this.listener = listener;
    }

    void attach(ChannelFuture connected) {
      channel = connected.channel();
      connected.addListener(
          f -> {
            if (!f.isSuccess()) {
              ended(
                  this,
                  UpstreamEnd.of(
                      UpstreamEnd.Reason.UNREACHABLE,
                      f.cause() == null ? "not connected" : f.cause().getMessage()));
            } else if (closedHere) {
              channel.close();
            }
          });
    }

    @Override
    public OriginAddress origin() {
      return origin;
    }

    @Override
    public String stream() {
      return stream;
    }

    @Override
    public void close() {
      closedHere = true;
      Channel current = channel;
      if (current != null) {
        current.close();
      }
    }

    @Override
    public void started(Upstream upstream) {
      if (!ended.get()) {
        listener.started(this);
      }
    }

    @Override
    public void ended(Upstream upstream, UpstreamEnd end) {
      if (ended.compareAndSet(false, true)) {
        listener.ended(
            this,
            closedHere ? UpstreamEnd.of(UpstreamEnd.Reason.CLOSED, "closed by the edge") : end);
      }
    }

    @Override
    public String toString() {
      return "upstream rtmp://" + origin + "/live/" + stream;
    }
  }
}
