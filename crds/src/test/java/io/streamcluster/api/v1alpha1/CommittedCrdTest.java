package io.streamcluster.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CRD YAML is generated from the Java model by Fabric8's CRD generator (here, so that {@link
 * DeclaredColumnOrder} can put the printer columns in the declared order), and a copy is committed
 * so that Helm, plain manifests and reviewers can read it. This test keeps the copy honest; with
 * {@code -Dcrd.refresh=true} it refreshes it.
 */
class CommittedCrdTest {

  static final String REFRESH =
      "./mvnw -B -pl media-server,crds -am test -Dtest=CommittedCrdTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dcrd.refresh=true";

  static final Path GENERATED = Path.of(System.getProperty("crd.generated.dir"));
  static final Path COMMITTED = Path.of(System.getProperty("crd.committed.dir"));

  @BeforeAll
  static void generate() throws IOException {
    Files.createDirectories(GENERATED);
    for (Path old : yamlFiles(GENERATED)) {
      Files.delete(old);
    }
    new CRDGenerator()
        .customResourceClasses(StreamCluster.class)
        .withPostProcessor(new DeclaredColumnOrder(StreamCluster.class))
        .inOutputDir(GENERATED.toFile())
        .generate();
    if (Boolean.getBoolean("crd.refresh")) {
      for (Path stale : yamlFiles(COMMITTED)) {
        Files.delete(stale);
      }
      for (Path file : yamlFiles(GENERATED)) {
        Files.copy(
            file, COMMITTED.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  @Test
  void generatorProducedTheStreamClusterCrd() {
    assertThat(GENERATED.resolve(StreamCluster.CRD_NAME + "-v1.yml")).isRegularFile();
  }

  @Test
  void committedCrdsMatchTheGeneratedOnes() throws IOException {
    for (Path file : yamlFiles(GENERATED)) {
      Path copy = COMMITTED.resolve(file.getFileName());
      assertThat(copy)
          .as("%s is not committed; run `%s` and commit it", copy, REFRESH)
          .isRegularFile();
      assertThat(Files.readString(copy))
          .as("%s is stale (the Java model changed); run `%s` and commit it", copy, REFRESH)
          .isEqualTo(Files.readString(file));
    }
  }

  @Test
  void noCommittedCrdLacksAGeneratorSource() throws IOException {
    List<Path> generatedNames = yamlFiles(GENERATED).stream().map(Path::getFileName).toList();
    assertThat(yamlFiles(COMMITTED).stream().map(Path::getFileName))
        .as("committed CRDs in %s that the model no longer generates: delete them", COMMITTED)
        .allMatch(generatedNames::contains);
  }

  @Test
  void printerColumnsComeInTheDeclaredOrder() throws IOException {
    CustomResourceDefinition crd = committedCrd();

    assertThat(crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactly("Ready", "Edges", "Desired", "Subscribers", "Refused", "Schedule", "Age");
  }

  @Test
  void theShortNameIsNotStorageClassesAndTheCategoryIsStreaming() throws IOException {
    CustomResourceDefinition crd = committedCrd();

    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("scl");
    assertThat(crd.getSpec().getNames().getCategories()).containsExactly("streaming");
  }

  private static CustomResourceDefinition committedCrd() throws IOException {
    return Serialization.unmarshal(
        Files.readString(COMMITTED.resolve(StreamCluster.CRD_NAME + "-v1.yml")),
        CustomResourceDefinition.class);
  }

  private static List<Path> yamlFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
    }
  }
}
