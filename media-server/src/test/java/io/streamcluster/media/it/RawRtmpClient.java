package io.streamcluster.media.it;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.streamcluster.media.rtmp.RtmpChunks;
import io.streamcluster.media.rtmp.RtmpCommand;
import io.streamcluster.media.rtmp.RtmpMessage;
import io.streamcluster.media.rtmp.RtmpPlayCommands;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;

/**
 * A hand-driven RTMP client on a plain socket, for peers no real client would be: it does what a
 * test tells it, byte by byte, reads only when told to (or never), and writes chunks built with the
 * server's own encoder.
 */
final class RawRtmpClient implements AutoCloseable {

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  private RawRtmpClient(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = socket.getInputStream();
  }

  /**
   * Connects a TCP socket.
   *
   * @param receiveBuffer the socket's receive buffer (small for a peer that never reads), or 0
   */
  static RawRtmpClient open(int port, int receiveBuffer) throws IOException {
    Socket socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(10_000);
    return new RawRtmpClient(socket);
  }

  /** Sends C0 and C1, reads S0, S1 and S2, sends C2: the simple handshake. */
  RawRtmpClient handshake() throws IOException {
    byte[] c0c1 = new byte[1 + 1536];
    c0c1[0] = 3;
    out.write(c0c1);
    out.flush();
    byte[] s0s1s2 = new byte[1 + 2 * 1536];
    new DataInputStream(in).readFully(s0s1s2);
    out.write(s0s1s2, 1, 1536);
    out.flush();
    return this;
  }

  /** Sends {@code connect} to the application {@code live}. */
  RawRtmpClient connect() throws IOException {
    return command(0, RtmpPlayCommands.connect("live", "rtmp://127.0.0.1/live"));
  }

  RawRtmpClient command(int messageStreamId, RtmpCommand command) throws IOException {
    RtmpMessage message =
        command.toMessage(
            ByteBufAllocator.DEFAULT,
            RtmpPlayCommands.chunkStream(messageStreamId),
            messageStreamId);
    try {
      return message(
          message.chunkStreamId(),
          message.typeId(),
          0,
          messageStreamId,
          ByteBufUtil.getBytes(message.payload()));
    } finally {
      message.release();
    }
  }

  /** Sends a whole message in chunks of the default 128 bytes. */
  RawRtmpClient message(int csid, int typeId, long timestamp, int msid, byte[] payload)
      throws IOException {
    ByteBuf chunks =
        RtmpChunks.encode(
            ByteBufAllocator.DEFAULT,
            csid,
            typeId,
            timestamp,
            msid,
            Unpooled.wrappedBuffer(payload),
            RtmpChunks.DEFAULT_CHUNK_SIZE);
    try {
      return raw(ByteBufUtil.getBytes(chunks));
    } finally {
      chunks.release();
    }
  }

  RawRtmpClient raw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** Reads and drops what the server sent, for up to {@code millis}. */
  void drain(long millis) throws IOException {
    long deadline = System.currentTimeMillis() + millis;
    socket.setSoTimeout(50);
    byte[] buffer = new byte[65536];
    while (System.currentTimeMillis() < deadline) {
      try {
        if (in.read(buffer) < 0) {
          return;
        }
      } catch (java.net.SocketTimeoutException quiet) {
        // nothing more for now
      }
    }
  }

  /**
   * Whether the server has closed the connection: a read sees its end, or a reset. Waits up to
   * {@code millis} for it, reading (and dropping) what comes meanwhile.
   */
  boolean closedByServerWithin(long millis) throws IOException {
    long deadline = System.currentTimeMillis() + millis;
    byte[] buffer = new byte[65536];
    while (System.currentTimeMillis() < deadline) {
      socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
      try {
        if (in.read(buffer) < 0) {
          return true;
        }
      } catch (java.net.SocketTimeoutException stillOpen) {
        return false;
      } catch (SocketException reset) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
