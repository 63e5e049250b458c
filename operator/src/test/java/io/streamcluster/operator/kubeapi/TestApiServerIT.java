package io.streamcluster.operator.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A kube-apiserver that cannot start says why, after a bounded number of attempts. */
class TestApiServerIT {

  @Test
  void aKubeApiServerThatExitsAtOnceIsRetriedThenReportedWithItsStatusAndOutput() {
    assertThatThrownBy(() -> TestApiServer.start(List.of("--no-such-flag")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("did not start in " + TestApiServer.START_ATTEMPTS + " attempts")
        .hasMessageContaining("attempt " + TestApiServer.START_ATTEMPTS + ": kube-apiserver (pid")
        .hasMessageContaining("exited by itself with status 1")
        .hasMessageContaining("unknown flag: --no-such-flag");

    Path binaries = TestApiServer.testDir().resolve("k8s");
    assertThat(
            ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(
                    p ->
                        p.info().command().map(c -> Path.of(c).startsWith(binaries)).orElse(false)))
        .as("etcd and kube-apiserver of the failed attempts are stopped")
        .isEmpty();
  }
}
