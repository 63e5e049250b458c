package io.streamcluster.media.auth;

/**
 * What a webhook is asked before a publisher or a player is accepted, as the JSON it is sent:
 * {@code {"action":"publish","protocol":"rtmp","app":"live","stream":"cam",
 * "clientAddress":"203.0.113.7","query":"expires=...&token=...","subject":"studio-a"}}.
 *
 * @param action {@code publish} or {@code play}
 * @param protocol {@code rtmp}, {@code http-flv} or {@code hls}
 * @param app the application, {@code live}
 * @param stream the stream name, without its query
 * @param clientAddress the client's IP address
 * @param query the query string the client sent after the name, without the {@code ?} (may be
 *     empty)
 * @param subject the subject of the client's token, or null
 */
public record AccessRequest(
    String action,
    String protocol,
    String app,
    String stream,
    String clientAddress,
    String query,
    String subject) {}
