package io.streamcluster.media.clusterapi;

/** The JSON body of every cluster API answer that is not a success: {@code {"error": "..."}}. */
public record ApiError(String error) {}
