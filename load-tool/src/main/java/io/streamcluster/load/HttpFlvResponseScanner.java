package io.streamcluster.load;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads an HTTP/1.1 response whose body is an FLV stream: the status line and headers once, then
 * the body either chunked or delimited by the connection's end, handing body bytes to a {@link
 * FlvTagScanner} in place. Nothing of the body is copied or aggregated.
 */
final class HttpFlvResponseScanner {

  static final int MAX_HEAD_BYTES = 16 * 1024;

  private enum State {
    HEAD,
    IDENTITY_BODY,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_DATA_END,
    DONE,
    FAILED
  }

  private final FlvTagScanner flv;
  private final StringBuilder head = new StringBuilder(256);
  private State state = State.HEAD;
  private long chunkRemaining;
  private long chunkSize;
  private boolean chunkSizeDigits;
  private boolean chunkSizeEnded;
  private int status;
  private String failure;

  HttpFlvResponseScanner(MediaSink sink) {
    this.flv = new FlvTagScanner(sink);
  }

  int status() {
    return status;
  }

  String failure() {
    return failure;
  }

  /** True once the server has ended the body (the last chunk). */
  boolean done() {
    return state == State.DONE;
  }

  /**
   * Consumes all readable bytes of {@code in}.
   *
   * @return false when the response is not a playable FLV stream
   */
  boolean scan(ByteBuf in) {
    while (in.isReadable()) {
      switch (state) {
        case HEAD -> readHead(in);
        case IDENTITY_BODY -> scanBody(in, in.readableBytes());
        case CHUNK_SIZE -> readChunkSize(in);
        case CHUNK_DATA -> {
          int n = (int) Math.min(chunkRemaining, in.readableBytes());
          chunkRemaining -= n;
          scanBody(in, n);
          if (chunkRemaining == 0 && state == State.CHUNK_DATA) {
            state = State.CHUNK_DATA_END;
          }
        }
        case CHUNK_DATA_END -> {
          // The CRLF after the chunk's data.
          byte b = in.readByte();
          if (b == '\n') {
            state = State.CHUNK_SIZE;
          } else if (b != '\r') {
            fail("missing CRLF after a chunk");
          }
        }
        case DONE, FAILED -> in.skipBytes(in.readableBytes());
      }
    }
    return state != State.FAILED;
  }

  private void scanBody(ByteBuf in, int n) {
    if (!flv.scan(in, n)) {
      fail(flv.failure());
    }
  }

  private void readHead(ByteBuf in) {
    while (in.isReadable()) {
      char c = (char) (in.readByte() & 0xFF);
      head.append(c);
      int len = head.length();
      if (len >= 4 && c == '\n' && head.charAt(len - 2) == '\r' && head.charAt(len - 3) == '\n') {
        parseHead();
        return;
      }
      if (len > MAX_HEAD_BYTES) {
        fail("response head longer than " + MAX_HEAD_BYTES + " bytes");
        return;
      }
    }
  }

  private void parseHead() {
    String[] lines = head.toString().split("\r\n");
    head.setLength(0);
    String[] statusLine = lines[0].split(" ", 3);
    if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
      fail("not an HTTP response: " + lines[0]);
      return;
    }
    try {
      status = Integer.parseInt(statusLine[1]);
    } catch (NumberFormatException e) {
      fail("bad status line: " + lines[0]);
      return;
    }
    if (status != 200) {
      fail("HTTP status " + status);
      return;
    }
    boolean chunked = false;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i].toLowerCase(Locale.ROOT);
      if (line.startsWith("transfer-encoding:") && line.contains("chunked")) {
        chunked = true;
      }
    }
    state = chunked ? State.CHUNK_SIZE : State.IDENTITY_BODY;
  }

  private void readChunkSize(ByteBuf in) {
    while (in.isReadable()) {
      byte b = in.readByte();
      if (b == '\n') {
        if (!chunkSizeDigits) {
          fail("empty chunk size line");
          return;
        }
        if (chunkSize == 0) {
          state = State.DONE;
        } else {
          chunkRemaining = chunkSize;
          state = State.CHUNK_DATA;
        }
        chunkSize = 0;
        chunkSizeDigits = false;
        chunkSizeEnded = false;
        return;
      }
      int digit = Character.digit(b, 16);
      if (digit >= 0 && !chunkSizeEnded) {
        chunkSize = chunkSize * 16 + digit;
        chunkSizeDigits = true;
        if (chunkSize > Integer.MAX_VALUE) {
          fail("chunk size too large");
          return;
        }
      } else {
        // ';' starts chunk extensions; they and the CR are ignored.
        chunkSizeEnded = true;
      }
    }
  }

  private void fail(String reason) {
    failure = reason;
    state = State.FAILED;
  }

  static String request(String host, int port, String path) {
    return "GET "
        + path
        + " HTTP/1.1\r\nHost: "
        + host
        + ":"
        + port
        + "\r\nUser-Agent: streamcluster-load\r\nAccept: */*\r\nConnection: keep-alive\r\n\r\n";
  }

  static byte[] requestBytes(String host, int port, String path) {
    return request(host, port, path).getBytes(StandardCharsets.US_ASCII);
  }
}
