package io.streamcluster.media.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OriginAddressTest {

  @Test
  void hostAndPortAreRead() {
    assertThat(OriginAddress.parse("origin-0.origin:5080"))
        .isEqualTo(new OriginAddress("origin-0.origin", 5080));
    assertThat(OriginAddress.parse(" [::1]:1935 ").host()).isEqualTo("::1");
    assertThat(OriginAddress.parse("[::1]:1935")).hasToString("[::1]:1935");
  }

  @Test
  void anythingElseIsRefusedWithTheTextInTheMessage() {
    for (String bad : new String[] {"origin", "origin:", ":5080", "origin:http", "origin:70000"}) {
      assertThatThrownBy(() -> OriginAddress.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
