package io.streamcluster.media.edge;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Upstreams that go only as far as a test tells them to. */
final class FakeConnector implements UpstreamConnector {

  final List<FakeUpstream> opened = new CopyOnWriteArrayList<>();

  @Override
  public Upstream open(OriginAddress origin, String stream, UpstreamListener listener) {
    FakeUpstream upstream = new FakeUpstream(origin, stream, listener);
    opened.add(upstream);
    return upstream;
  }

  FakeUpstream last() {
    return opened.get(opened.size() - 1);
  }

  static final class FakeUpstream implements Upstream {
    private final OriginAddress origin;
    private final String stream;
    private final UpstreamListener listener;
    volatile boolean closed;

    FakeUpstream(OriginAddress origin, String stream, UpstreamListener listener) {
      this.origin = origin;
      this.stream = stream;
      this.listener = listener;
    }

    void plays() {
      listener.started(this);
    }

    void ends(UpstreamEnd.Reason reason) {
      listener.ended(this, UpstreamEnd.of(reason, "test"));
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
      if (!closed) {
        closed = true;
        ends(UpstreamEnd.Reason.CLOSED);
      }
    }

    @Override
    public String toString() {
      return origin + "/" + stream;
    }
  }
}
