package io.streamcluster.media.rtmp;

import io.netty.buffer.ByteBuf;
import io.streamcluster.media.amf.Amf0;
import io.streamcluster.media.stream.MediaFrame;
import io.streamcluster.media.stream.Publication;
import java.util.List;

/**
 * Hands a source's RTMP media messages to its publication, the same for a local publisher and an
 * edge's upstream: audio and video as they are, {@code onMetaData} (also when wrapped in {@code
 * @setDataFrame}) as a data frame, aggregates split into their parts. Other data is dropped.
 *
 * <p>An aggregate's parts are all released whatever happens to one of them, and an aggregate inside
 * an aggregate is refused: the specification has none, and following one would let a peer nest
 * them as deep as a message is long.
 */
public final class MediaMessages {

  private MediaMessages() {}

  /** Forwards one message; the caller keeps its own reference to the message. */
  public static void forward(Publication publication, RtmpMessage message) {
    switch (message.typeId()) {
      case RtmpMessageType.AUDIO -> media(publication, MediaFrame.Kind.AUDIO, message);
      case RtmpMessageType.VIDEO -> media(publication, MediaFrame.Kind.VIDEO, message);
      case RtmpMessageType.DATA_AMF0, RtmpMessageType.DATA_AMF3 -> data(publication, message);
      case RtmpMessageType.AGGREGATE -> aggregate(publication, message);
      default -> {}
    }
  }

  private static void media(Publication publication, MediaFrame.Kind kind, RtmpMessage message) {
    ByteBuf payload = message.payload();
    if (payload.isReadable()) {
      publication.onMedia(kind, message.timestamp(), payload.retain());
    }
  }

  private static void data(Publication publication, RtmpMessage message) {
    RtmpDataMessage data = RtmpDataMessage.decode(message).withoutSetDataFrame();
    if (!data.name().equals(RtmpDataMessage.ON_META_DATA) || data.values().isEmpty()) {
      return;
    }
    ByteBuf payload = message.payload().alloc().buffer();
    try {
      Amf0.encode(payload, data.name());
      Amf0.encodeAll(payload, data.values().toArray());
    } catch (RuntimeException e) {
      payload.release();
      throw e;
    }
    publication.onMedia(MediaFrame.Kind.DATA, message.timestamp(), payload);
  }

  private static void aggregate(Publication publication, RtmpMessage message) {
    List<RtmpMessage> parts = RtmpAggregateSplitter.split(message);
    try {
      for (RtmpMessage part : parts) {
        if (part.typeId() == RtmpMessageType.AGGREGATE) {
          throw new RtmpProtocolException("nested_aggregate", "an aggregate inside an aggregate");
        }
        forward(publication, part);
      }
    } finally {
      // Every part is released, also those after one that failed.
      for (RtmpMessage part : parts) {
        part.release();
      }
    }
  }
}
