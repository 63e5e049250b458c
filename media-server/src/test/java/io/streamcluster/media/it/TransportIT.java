package io.streamcluster.media.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcluster.media.Transport;
import io.streamcluster.media.TransportChoice;
import io.streamcluster.media.testing.Command;
import io.streamcluster.media.testing.Ffmpeg;
import io.streamcluster.media.testing.MediaServerProcess;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The server on each transport {@code --transport} names: it says in its log which one runs (the
 * one asked for, or the one it fell back to on a machine without it) and serves RTMP and HTTP-FLV
 * players on it.
 */
class TransportIT {

  @ParameterizedTest
  @EnumSource(TransportChoice.class)
  void theServerNamesItsTransportAndPlayersReceiveTheStreamOnIt(TransportChoice choice)
      throws Exception {
    String expected = Transport.select(choice).describe();
    try (MediaServerProcess server =
            MediaServerProcess.start("standalone", "--transport", choice.flagName());
        Ffmpeg.Running publisher = Ffmpeg.publish(server.rtmpUrl("cam"), 640, 360)) {
      assertThat(server.log()).contains("; transport " + expected);

      for (String url : List.of(server.rtmpUrl("cam"), server.flvUrl("cam"))) {
        Command.Result probe = Ffmpeg.probeStreams(url);
        assertThat(probe.succeeded()).as(choice + " " + url + ": " + probe.stderr()).isTrue();
        assertThat(probe.stdout())
            .as(choice + " " + url)
            .contains("codec_name=h264")
            .contains("width=640")
            .contains("codec_name=aac");
      }
    }
  }
}
