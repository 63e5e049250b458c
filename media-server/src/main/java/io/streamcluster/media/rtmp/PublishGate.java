package io.streamcluster.media.rtmp;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Asks, before a publisher is accepted, whether its stream is already live somewhere else. */
@FunctionalInterface
public interface PublishGate {

  /** Where else the stream is live (a description), or empty. Never completes exceptionally. */
  CompletableFuture<Optional<String>> liveElsewhere(String stream);

  PublishGate NOWHERE_ELSE = stream -> CompletableFuture.completedFuture(Optional.empty());
}
