package io.streamcluster.media;

import io.streamcluster.media.rtmp.RtmpContext;

/** Publishers and players in one process: nothing beyond what every server has. */
final class StandaloneRole implements RolePart {

  @Override
  public RtmpContext.PublishPolicy publishing() {
    return RtmpContext.PublishPolicy.LOCAL;
  }
}
