package io.streamcluster.media.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdvertisedHostTest {

  @TempDir Path dir;

  @Test
  void aFixedHostIsAlwaysThere() {
    AdvertisedHost host = AdvertisedHost.fixed("10.0.0.7");

    assertThat(host.refresh()).contains("10.0.0.7");
    assertThat(host.current()).contains("10.0.0.7");
    assertThat(host.missing()).isEmpty();
  }

  @Test
  void anEmptyFileIsNoAddressAndSaysWhoFillsIt() throws Exception {
    Path file = Files.writeString(dir.resolve("address"), "");

    AdvertisedHost host = AdvertisedHost.fromFile(file);

    assertThat(host.current()).isEmpty();
    assertThat(host.missing())
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .startsWith("no address to advertise yet: " + file)
                    .contains("is empty")
                    .contains("the operator writes"));
  }

  @Test
  void aMissingFileIsNoAddress() {
    AdvertisedHost host = AdvertisedHost.fromFile(dir.resolve("absent"));

    assertThat(host.current()).isEmpty();
    assertThat(host.missing())
        .hasValueSatisfying(why -> assertThat(why).contains("does not exist"));
  }

  @Test
  void theFileIsReadAgainOnEveryRefreshAndItsSpacesIgnored() throws Exception {
    Path file = Files.writeString(dir.resolve("address"), "");
    AdvertisedHost host = AdvertisedHost.fromFile(file);

    Files.writeString(file, "203.0.113.10\n");
    assertThat(host.current()).as("nothing changes before a refresh").isEmpty();
    assertThat(host.refresh()).contains("203.0.113.10");
    assertThat(host.current()).contains("203.0.113.10");
    assertThat(host.missing()).isEmpty();

    Files.writeString(file, "edge-7.edges.example.com");
    assertThat(host.refresh()).contains("edge-7.edges.example.com");

    Files.writeString(file, "");
    assertThat(host.refresh()).isEmpty();
    assertThat(host.missing()).isPresent();
  }

  @Test
  void textThatIsNoHostIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("address"), "not a host; rm -rf /");

    AdvertisedHost host = AdvertisedHost.fromFile(file);

    assertThat(host.current()).isEmpty();
    assertThat(host.missing())
        .hasValueSatisfying(why -> assertThat(why).contains("holds no host name or address"));
  }
}
