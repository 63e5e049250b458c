package io.streamcluster.media.hls;

/**
 * What an HLS rendition carries: H.264 video and, when the publisher sends AAC, audio. A change of
 * either configuration starts a new initialization section, after a discontinuity.
 *
 * @param video the video configuration
 * @param audio the audio configuration, or null for a stream without AAC audio
 */
record Tracks(AvcConfig video, AacConfig audio) {

  static final int VIDEO_TRACK_ID = 1;
  static final int AUDIO_TRACK_ID = 2;

  /** The video track's timescale: 90 kHz, as MPEG systems count. */
  static final int VIDEO_TIMESCALE = 90_000;

  boolean hasAudio() {
    return audio != null;
  }

  /** The CODECS attribute of the variant stream (RFC 6381). */
  String codecs() {
    return hasAudio() ? video.codecs() + "," + audio.codecs() : video.codecs();
  }
}
