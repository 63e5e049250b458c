package io.streamcluster.media.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The HTTP API of one server: which endpoint answers which method and path. Built once at start;
 * each role (standalone, origin, edge) adds its own endpoints.
 */
public final class HttpRoutes {

  private record Route(HttpMethod method, Predicate<String> path, HttpEndpoint endpoint) {}

  private final List<Route> routes = new ArrayList<>();

  /** Routes {@code method} on exactly {@code path}. */
  public HttpRoutes exact(HttpMethod method, String path, HttpEndpoint endpoint) {
    routes.add(new Route(method, path::equals, endpoint));
    return this;
  }

  /**
   * Routes {@code method} on any path that starts with {@code prefix} and ends with {@code suffix}.
   */
  public HttpRoutes matching(
      HttpMethod method, String prefix, String suffix, HttpEndpoint endpoint) {
    routes.add(
        new Route(
            method,
            p ->
                p.length() > prefix.length() + suffix.length()
                    && p.startsWith(prefix)
                    && p.endsWith(suffix),
            endpoint));
    return this;
  }

  /** The endpoint for the request, or empty; {@code pathKnown} tells 404 from 405. */
  Optional<HttpEndpoint> find(HttpMethod method, String path) {
    for (Route route : routes) {
      if (route.method.equals(method) && route.path.test(path)) {
        return Optional.of(route.endpoint);
      }
    }
    return Optional.empty();
  }

  boolean knowsPath(String path) {
    return routes.stream().anyMatch(route -> route.path.test(path));
  }
}
