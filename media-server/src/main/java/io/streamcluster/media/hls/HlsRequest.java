package io.streamcluster.media.hls;

import io.netty.channel.Channel;

/**
 * What an HLS request asks, copied out of the HTTP request (which is released once the endpoint
 * returns) so that the stream's event loop can answer it now or later.
 *
 * @param stream the stream name
 * @param resource the resource under {@code /live/<stream>/}
 * @param session the {@code session} query parameter, or null
 * @param msn {@code _HLS_msn}, or -1
 * @param part {@code _HLS_part}, or -1
 * @param skip {@code _HLS_skip}
 * @param range the {@code Range} header, or null
 * @param keepAlive whether the connection stays open after the response
 * @param accessQuery the query parameters besides HLS's own (a play token), as sent: handed on in
 *     the media playlist URI that {@code index.m3u8} gives, so that its reloads carry them too
 */
record HlsRequest(
    Channel channel,
    String stream,
    HlsUris.Resource resource,
    String session,
    long msn,
    int part,
    PlaylistWriter.Skip skip,
    String range,
    boolean keepAlive,
    String accessQuery) {

  boolean isBlocking() {
    return msn >= 0;
  }
}
