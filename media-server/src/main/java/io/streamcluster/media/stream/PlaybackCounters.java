package io.streamcluster.media.stream;

/** What players report for the metrics. */
public interface PlaybackCounters {

  void bytesOut(long bytes);

  void framesSkipped(int frames);

  void slowSubscriberDropped();

  PlaybackCounters NONE =
      new PlaybackCounters() {
        @Override
        public void bytesOut(long bytes) {}

        @Override
        public void framesSkipped(int frames) {}

        @Override
        public void slowSubscriberDropped() {}
      };
}
