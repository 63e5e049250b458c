/**
 * The {@code streamcluster.io/v1alpha1} API: the {@link
 * io.streamcluster.api.v1alpha1.StreamCluster} custom resource. The CRD YAML is generated from
 * these classes by Fabric8's CRD generator; the annotations here are the single source of its
 * schema, validation rules and subresources.
 */
package io.streamcluster.api.v1alpha1;
