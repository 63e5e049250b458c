package io.streamcluster.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.api.v1alpha1.TlsSpec;
import io.streamcluster.media.clusterapi.OriginTls;
import io.streamcluster.operator.model.StreamClusters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OriginTlsFilesTest {

  @TempDir Path directory;

  final StreamCluster cluster = StreamClusters.named("live", "video");

  @Test
  void withoutTlsTheOriginsAreCalledOverPlainHttp() {
    assertThat(new OriginTlsFiles(directory).forCluster(cluster, Optional.empty())).isEmpty();
  }

  @Test
  void theSecretsCaIsWrittenForTheClientAndRewrittenWhenItChanges() throws Exception {
    cluster.getMetadata().setUid("uid-1");
    TlsSpec tls = new TlsSpec("live-tls");
    tls.setOriginServerName("origin.example.com");
    cluster.getSpec().setTls(tls);
    OriginTlsFiles files = new OriginTlsFiles(directory);

    OriginTls first = files.forCluster(cluster, Optional.of(secretWithCa("CA ONE"))).orElseThrow();
    assertThat(first.serverName()).hasValue("origin.example.com");
    Path ca = first.caFile().orElseThrow();
    assertThat(ca).hasParent(directory).hasContent("CA ONE");

    OriginTls renewed =
        files.forCluster(cluster, Optional.of(secretWithCa("CA TWO"))).orElseThrow();
    assertThat(renewed).as("the same file, so the client keeps its cache").isEqualTo(first);
    assertThat(Files.readString(ca)).isEqualTo("CA TWO");
  }

  @Test
  void withoutACaTheSystemsAuthoritiesVerifyTheOriginsForTheHostDialled() {
    cluster.getSpec().setTls(new TlsSpec("live-tls"));
    Secret noCa = new SecretBuilder().withNewMetadata().withName("live-tls").endMetadata().build();

    assertThat(new OriginTlsFiles(directory).forCluster(cluster, Optional.of(noCa)))
        .hasValue(OriginTls.systemTrust());
  }

  private static Secret secretWithCa(String pem) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("live-tls")
        .endMetadata()
        .addToData(
            "ca.crt", Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8)))
        .build();
  }
}
