package io.streamcluster.load;

import java.util.ArrayList;
import java.util.List;

/** Records what a skipping parser reports, as one line per media message. */
final class RecordingSink implements MediaSink {
  final List<String> media = new ArrayList<>();

  @Override
  public void onMedia(int typeId, long timestamp, int size, boolean keyframe) {
    media.add(typeId + "@" + timestamp + ":" + size + (keyframe ? " key" : ""));
  }
}
