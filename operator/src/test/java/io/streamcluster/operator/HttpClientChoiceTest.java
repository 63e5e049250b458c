package io.streamcluster.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.http.HttpClient;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * JOSDK brings Fabric8's vert.x and JDK HTTP clients, and with both on the class path Fabric8 picks
 * one at random. The build excludes vert.x; this keeps it excluded.
 */
class HttpClientChoiceTest {

  @Test
  void theJdkHttpClientIsTheOnlyOneOnTheClassPath() {
    assertThat(ServiceLoader.load(HttpClient.Factory.class).stream().map(p -> p.type().getName()))
        .containsExactly("io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory");
  }
}
