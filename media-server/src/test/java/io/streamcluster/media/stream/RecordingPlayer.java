package io.streamcluster.media.stream;

import io.netty.util.concurrent.EventExecutor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A player that writes down what the stream tells it, as short strings. */
public final class RecordingPlayer implements Subscriber {

  public final List<String> events = new CopyOnWriteArrayList<>();
  private final EventExecutor executor;
  private LiveStream stream;

  public RecordingPlayer(EventExecutor executor) {
    this.executor = executor;
  }

  public RecordingPlayer join(StreamRegistry registry, String name) {
    stream = registry.subscribe(name, this);
    return this;
  }

  public void leave() {
    stream.detach(this);
  }

  @Override
  public EventExecutor executor() {
    return executor;
  }

  @Override
  public void onAttached(boolean live, List<MediaFrame> startFrames) {
    events.add(live ? "attached live" : "attached waiting");
    record(startFrames);
    startFrames.forEach(MediaFrame::release);
  }

  @Override
  public void onFrames(FrameBatch batch) {
    record(batch.frames());
  }

  private void record(List<MediaFrame> frames) {
    frames.forEach(f -> events.add(f.toString().replaceAll(" \\d+B$", "")));
  }

  @Override
  public void onPublished() {
    events.add("published");
  }

  @Override
  public void onUnpublished() {
    events.add("unpublished");
  }

  @Override
  public void onStreamNotFound() {
    events.add("not found");
  }
}
