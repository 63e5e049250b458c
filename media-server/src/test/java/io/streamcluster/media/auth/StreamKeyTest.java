package io.streamcluster.media.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StreamKeyTest {

  @Test
  void separatesTheNameFromItsQuery() {
    StreamKey key = StreamKey.parse("cam-1?expires=10&token=abc");

    assertThat(key.name()).isEqualTo("cam-1");
    assertThat(key.query()).containsEntry("expires", "10").containsEntry("token", "abc");
  }

  @Test
  void refusesNamesThatCouldEscapeAUrlOrALogLine() {
    for (String bad : new String[] {"", "../x", "a b", "a/b", "-x", "x\n"}) {
      assertThatThrownBy(() -> StreamKey.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
