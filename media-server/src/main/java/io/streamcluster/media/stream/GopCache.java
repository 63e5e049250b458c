package io.streamcluster.media.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * What a player needs to start decoding at once: the metadata, the current sequence headers and
 * every frame since the last keyframe. Not thread-safe: its {@link LiveStream} guards it.
 */
final class GopCache {

  private final int maxBytes;
  private final GopBudget budget;
  private MediaFrame metadata;
  private MediaFrame videoHeader;
  private MediaFrame audioHeader;
  private final List<MediaFrame> gop = new ArrayList<>();
  private long gopBytes;

  GopCache(int maxBytes, GopBudget budget) {
    this.maxBytes = maxBytes;
    this.budget = budget;
  }

  /** Takes note of a frame; retains what it keeps. */
  void add(MediaFrame frame) {
    switch (frame.kind()) {
      case DATA -> metadata = replace(metadata, frame);
      case VIDEO -> addVideo(frame);
      case AUDIO -> addAudio(frame);
    }
  }

  private void addVideo(MediaFrame frame) {
    if (frame.isSequenceHeader()) {
      // Frames coded against the old configuration cannot follow the new one.
      videoHeader = replace(videoHeader, frame);
      clearGop();
    } else if (frame.isKeyframe()) {
      clearGop();
      append(frame);
    } else if (!gop.isEmpty()) {
      append(frame);
    }
  }

  private void addAudio(MediaFrame frame) {
    if (frame.isSequenceHeader()) {
      audioHeader = replace(audioHeader, frame);
    } else if (!gop.isEmpty()) {
      append(frame);
    }
  }

  private void append(MediaFrame frame) {
    if (gopBytes + frame.size() > maxBytes || !budget.tryReserve(frame.size())) {
      // An overlong GOP, or no room left across streams: start again at the next keyframe rather
      // than grow without bound.
      clearGop();
      return;
    }
    gop.add(frame.retain());
    gopBytes += frame.size();
  }

  boolean hasVideo() {
    return videoHeader != null;
  }

  /** The frames a new player starts with, in order, each retained for the caller. */
  List<MediaFrame> snapshot() {
    List<MediaFrame> frames = new ArrayList<>(gop.size() + 3);
    for (MediaFrame header : new MediaFrame[] {metadata, videoHeader, audioHeader}) {
      if (header != null) {
        frames.add(header.retain());
      }
    }
    for (MediaFrame frame : gop) {
      frames.add(frame.retain());
    }
    return frames;
  }

  int gopFrames() {
    return gop.size();
  }

  long gopBytes() {
    return gopBytes;
  }

  /** Forgets everything, as when a publisher goes away and another may send other headers. */
  void clear() {
    metadata = replace(metadata, null);
    videoHeader = replace(videoHeader, null);
    audioHeader = replace(audioHeader, null);
    clearGop();
  }

  private void clearGop() {
    for (MediaFrame frame : gop) {
      frame.release();
    }
    gop.clear();
    budget.release(gopBytes);
    gopBytes = 0;
  }

  private static MediaFrame replace(MediaFrame old, MediaFrame next) {
    if (old != null) {
      old.release();
    }
    return next == null ? null : next.retain();
  }
}
