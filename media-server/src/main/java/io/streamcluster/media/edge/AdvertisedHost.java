package io.streamcluster.media.edge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The address the origins hand out for this edge: either fixed ({@code --advertise-host}) or read
 * from a file ({@code --advertise-host-file}) that is re-read before every check-in.
 *
 * <p>The file is how Kubernetes tells an edge an address only known once the pod runs (its node's
 * external address, or the ingress of its own load balancer): the operator writes it into a pod
 * annotation, and a downward-API volume, which the kubelet keeps up to date, turns the annotation
 * into the file. Edges get no Kubernetes API access for it. While the file holds no address the
 * edge has nothing players could use, so it does not check in (no origin hands it out) and says why
 * in {@code /readyz}.
 *
 * <p>Reading happens on the check-in thread ({@link #refresh()}); the event loops only read the
 * cached value ({@link #current()}, {@link #missing()}).
 */
public final class AdvertisedHost {

  private static final Logger log = LoggerFactory.getLogger(AdvertisedHost.class);

  /** A host name is at most 253 characters; anything longer is not an address. */
  private static final int MAX_LENGTH = 253;

  private final Path file;
  private volatile String host;
  private volatile String problem;

  private AdvertisedHost(Path file, String host, String problem) {
    this.file = file;
    this.host = host;
    this.problem = problem;
  }

  /** Always {@code host}. */
  public static AdvertisedHost fixed(String host) {
    return new AdvertisedHost(null, host, null);
  }

  /** Whatever {@code file} holds at the last {@link #refresh()}; nothing before the first. */
  public static AdvertisedHost fromFile(Path file) {
    AdvertisedHost advertised = new AdvertisedHost(file, null, "not read yet");
    advertised.refresh();
    return advertised;
  }

  /** The address as last read; empty while there is none. */
  public Optional<String> current() {
    return Optional.ofNullable(host);
  }

  /** Why there is no address to hand out, for {@code /readyz}; empty when there is one. */
  public Optional<String> missing() {
    String why = problem;
    return host != null || why == null
        ? Optional.empty()
        : Optional.of("no address to advertise yet: " + file + " " + why);
  }

  /** Re-reads the file (blocking: never on an event loop); returns the address it now holds. */
  public Optional<String> refresh() {
    if (file == null) {
      return current();
    }
    String read;
    String why = null;
    try {
      read = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (read.isEmpty()) {
        why = "is empty (the operator writes the edge's address there once it has one)";
      } else if (!isHost(read)) {
        why = "holds no host name or address";
        read = null;
      }
    } catch (NoSuchFileException e) {
      read = null;
      why = "does not exist";
    } catch (IOException e) {
      read = null;
      why = "cannot be read (" + e.getClass().getSimpleName() + ")";
    }
    String address = read == null || read.isEmpty() ? null : read;
    String before = host;
    host = address;
    problem = why;
    if (address != null && !address.equals(before)) {
      log.info("Advertising {} (from {})", address, file);
    } else if (address == null && before != null) {
      log.warn("No address to advertise any more: {} {}; leaving the rotation", file, why);
    }
    return Optional.ofNullable(address);
  }

  private static boolean isHost(String text) {
    if (text.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '-'
              || c == ':'
              || c == '['
              || c == ']';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }
}
