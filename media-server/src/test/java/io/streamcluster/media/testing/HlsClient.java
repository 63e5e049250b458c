package io.streamcluster.media.testing;

import io.streamcluster.media.hls.MediaPlaylist;
import io.streamcluster.media.hls.MultivariantPlaylist;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An HLS player for tests, reduced to its requests: it reads {@code index.m3u8} (following
 * redirects, as players do), takes the media playlist URI with its session from there, and fetches
 * that playlist (with or without blocking-reload directives), parts and segments, resolving them
 * against the playlist's final URI.
 */
public final class HlsClient {

  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NORMAL)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI index;
  private URI media;

  public HlsClient(String indexUrl) {
    this.index = URI.create(indexUrl);
  }

  /** The media playlist's URI (with this player's session), read from index.m3u8 once. */
  public URI mediaUri() throws IOException, InterruptedException {
    if (media == null) {
      HttpResponse<String> response = getText(index);
      if (response.statusCode() != 200) {
        throw new IOException(
            index + " answered " + response.statusCode() + ": " + response.body());
      }
      MultivariantPlaylist variants = MultivariantPlaylist.parse(response.body());
      media = response.uri().resolve(variants.variants().get(0).uri());
    }
    return media;
  }

  public MediaPlaylist media() throws IOException, InterruptedException {
    return MediaPlaylist.parse(mediaText(""));
  }

  /** The media playlist once it holds part {@code part} of segment {@code msn} (or later). */
  public MediaPlaylist media(long msn, int part) throws IOException, InterruptedException {
    return MediaPlaylist.parse(mediaText("&_HLS_msn=" + msn + "&_HLS_part=" + part));
  }

  /** The media playlist's text; {@code directives} are appended to its query. */
  public String mediaText(String directives) throws IOException, InterruptedException {
    HttpResponse<String> response = getText(URI.create(mediaUri() + directives));
    if (response.statusCode() != 200) {
      throw new IOException("media playlist: " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  /** A resource the media playlist names, relative to it. */
  public HttpResponse<byte[]> get(String relative) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(mediaUri().resolve(relative))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  public HttpResponse<String> getText(URI uri) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
