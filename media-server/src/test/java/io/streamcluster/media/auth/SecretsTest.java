package io.streamcluster.media.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

  @TempDir Path dir;

  @Test
  void aFileOfSeveralLinesSignsWithTheFirstAndVerifiesWithEvery() throws IOException {
    Path file = dir.resolve("secret");
    Files.writeString(file, "  new-secret-0123456789  \n\nold-secret-0123456789\n");
    Secrets rotating = Secrets.read(file);
    Secrets old = Secrets.of("old-secret-0123456789".getBytes());
    Secrets fresh = Secrets.of("new-secret-0123456789".getBytes());

    assertThat(rotating.count()).isEqualTo(2);
    assertThat(rotating.sign("data")).isEqualTo(fresh.sign("data"));
    assertThat(rotating.verify("data", old.sign("data"))).isTrue();
    assertThat(rotating.verify("data", fresh.sign("data"))).isTrue();
    assertThat(rotating.verify("other", old.sign("data"))).isFalse();
    assertThat(rotating.verify("data", null)).isFalse();
  }

  @Test
  void aShortOrEmptySecretIsRefusedWithoutShowingIt() throws IOException {
    Path shortOne = dir.resolve("short");
    Files.writeString(shortOne, "long-enough-secret-000\ntiny-secret\n");
    Path empty = dir.resolve("empty");
    Files.writeString(empty, "\n  \n");

    assertThatThrownBy(() -> Secrets.read(shortOne))
        .hasMessageContaining("secret 2 ")
        .hasMessageNotContaining("tiny-secret");
    assertThatThrownBy(() -> Secrets.read(empty)).hasMessageContaining("holds no secret");
    assertThat(Secrets.of("long-enough-secret-000".getBytes()).toString())
        .doesNotContain("long-enough");
  }
}
