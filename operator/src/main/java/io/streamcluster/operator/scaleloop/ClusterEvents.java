package io.streamcluster.operator.scaleloop;

/** Where a cluster's scaling decisions and errors are reported: Kubernetes Events in production. */
public interface ClusterEvents {

  void normal(String reason, String message);

  void warning(String reason, String message);
}
