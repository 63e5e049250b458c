package io.streamcluster.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A live-streaming cluster: origins that publishers push to and edges that subscribers play.
 *
 * <p>The short name is {@code scl}: kubectl resolves {@code sc} to the built-in StorageClass. The
 * printer columns appear in the order declared here (the generator sorts them by JSON path; the
 * CRD's build puts them back, see crds/README.md).
 */
@Group(StreamCluster.GROUP)
@Version(StreamCluster.VERSION)
@Kind(StreamCluster.KIND)
@Plural(StreamCluster.PLURAL)
@Singular("streamcluster")
@ShortNames(StreamCluster.SHORT_NAME)
@Categories(StreamCluster.CATEGORY)
@AdditionalPrinterColumn(
    name = "Ready",
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
    name = "Edges",
    type = AdditionalPrinterColumn.Type.INTEGER,
    jsonPath = ".status.edges.replicas")
@AdditionalPrinterColumn(
    name = "Desired",
    type = AdditionalPrinterColumn.Type.INTEGER,
    jsonPath = ".status.edges.desiredReplicas")
@AdditionalPrinterColumn(
    name = "Subscribers",
    type = AdditionalPrinterColumn.Type.INTEGER,
    jsonPath = ".status.subscribers")
@AdditionalPrinterColumn(
    name = "Refused",
    type = AdditionalPrinterColumn.Type.INTEGER,
    jsonPath = ".status.refusedRequests")
@AdditionalPrinterColumn(
    name = "Schedule",
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.schedule.summary")
@AdditionalPrinterColumn(
    name = "Age",
    type = AdditionalPrinterColumn.Type.DATE,
    jsonPath = ".metadata.creationTimestamp")
public class StreamCluster extends CustomResource<StreamClusterSpec, StreamClusterStatus>
    implements Namespaced {

  public static final String GROUP = "streamcluster.io";
  public static final String VERSION = "v1alpha1";
  public static final String KIND = "StreamCluster";
  public static final String PLURAL = "streamclusters";
  public static final String SHORT_NAME = "scl";

  /** {@code kubectl get streaming} lists the StreamClusters with the rest of the category. */
  public static final String CATEGORY = "streaming";

  /** The name of the generated CustomResourceDefinition. */
  public static final String CRD_NAME = PLURAL + "." + GROUP;

  // required, so that the API server always applies the spec's defaults and rules
  @Required
  @Override
  public StreamClusterSpec getSpec() {
    return super.getSpec();
  }

  @Override
  protected StreamClusterSpec initSpec() {
    return new StreamClusterSpec();
  }
}
