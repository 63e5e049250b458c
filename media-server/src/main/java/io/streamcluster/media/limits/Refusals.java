package io.streamcluster.media.limits;

/**
 * Where refusals are counted: {@code streamcluster_connections_refused_total{reason}}. A reason is
 * a short fixed word ({@code connections_per_address}, {@code pre_admission_bytes}, ...).
 */
@FunctionalInterface
public interface Refusals {

  void refused(String reason);

  /** Counts nothing (tests, tools). */
  Refusals NONE = reason -> {};
}
