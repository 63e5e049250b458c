package io.streamcluster.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRD YAML is generated from the Java model during the build, and a copy is committed so that
 * Helm, plain manifests and reviewers can read it. This test keeps the copy honest.
 */
class CommittedCrdTest {

  static final String REFRESH = "./mvnw -pl crds -Pupdate-crd process-classes";

  private final Path generated = Path.of(System.getProperty("crd.generated.dir"));
  private final Path committed = Path.of(System.getProperty("crd.committed.dir"));

  @Test
  void generatorProducedTheStreamClusterCrd() {
    assertThat(generated.resolve(StreamCluster.CRD_NAME + "-v1.yml"))
        .as("the CRD generator's output; run the build through process-classes first")
        .isRegularFile();
  }

  @Test
  void committedCrdsMatchTheGeneratedOnes() throws IOException {
    for (Path file : yamlFiles(generated)) {
      Path copy = committed.resolve(file.getFileName());
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
    List<Path> generatedNames = yamlFiles(generated).stream().map(Path::getFileName).toList();
    assertThat(yamlFiles(committed).stream().map(Path::getFileName))
        .as("committed CRDs in %s that the model no longer generates: delete them", committed)
        .allMatch(generatedNames::contains);
  }

  private static List<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
    }
  }
}
