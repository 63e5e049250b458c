/**
 * The edge autoscaler: the HorizontalPodAutoscaler algorithm applied to subscriber counts.
 *
 * <p>Platform-neutral on purpose: nothing here knows Kubernetes. The reconciler adapts the
 * StreamCluster's {@code autoscaling} spec into an {@link
 * io.streamcluster.operator.autoscaler.AutoscalerConfig} and applies decisions to the edges' scale;
 * {@code local} mode does the same with processes. A test keeps this package free of Kubernetes and
 * Fabric8 imports.
 */
package io.streamcluster.operator.autoscaler;
