package io.streamcluster.media.hls;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A box read back from bytes the server wrote, for the tests: its type, where its payload lies,
 * and, for the containers this server writes, its children.
 */
record Box(String type, int start, int size, int payloadStart, List<Box> children) {

  private static final Set<String> CONTAINERS =
      Set.of("moov", "trak", "mdia", "minf", "stbl", "dinf", "mvex", "moof", "traf");

  /** Every top-level box of {@code buf}, which must be exactly covered by them. */
  static List<Box> read(ByteBuf buf) {
    return read(buf, buf.readerIndex(), buf.writerIndex());
  }

  private static List<Box> read(ByteBuf buf, int from, int to) {
    List<Box> boxes = new ArrayList<>();
    int at = from;
    while (at < to) {
      int size = buf.getInt(at);
      if (size < 8 || at + size > to) {
        throw new AssertionError("box at " + at + " has size " + size + ", beyond " + to);
      }
      String type = buf.toString(at + 4, 4, StandardCharsets.US_ASCII);
      List<Box> children = CONTAINERS.contains(type) ? read(buf, at + 8, at + size) : List.of();
      boxes.add(new Box(type, at, size, at + 8, children));
      at += size;
    }
    return boxes;
  }

  Box child(String childType) {
    return children.stream()
        .filter(b -> b.type.equals(childType))
        .findFirst()
        .orElseThrow(() -> new AssertionError(type + " has no " + childType + ": " + children));
  }

  List<Box> all(String childType) {
    return children.stream().filter(b -> b.type.equals(childType)).toList();
  }

  List<String> childTypes() {
    return children.stream().map(Box::type).toList();
  }
}
