package io.streamcluster.media.hls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The media initialization section of an fMP4/CMAF rendition (RFC 8216 3.3, ISO/IEC 14496-12):
 * {@code ftyp} and a {@code moov} whose tracks have empty sample tables, since every sample comes
 * in a movie fragment, and whose {@code mvex} announces those fragments.
 */
final class InitSegment {

  private InitSegment() {}

  static ByteBuf write(ByteBufAllocator alloc, Tracks tracks) {
    BoxWriter box = new BoxWriter(alloc.directBuffer(1024));
    box.begin("ftyp").ascii("iso6").u32(0).ascii("iso6").ascii("cmfc").ascii("mp41").end();
    box.begin("moov");
    box.beginFull("mvhd", 0, 0)
        .u32(0) // creation_time
        .u32(0) // modification_time
        .u32(1000) // timescale
        .u32(0) // duration: unknown, the fragments say
        .u32(0x00010000) // rate 1.0
        .u16(0x0100) // volume 1.0
        .zeros(2 + 8)
        .unityMatrix()
        .zeros(6 * 4) // pre_defined
        .u32(Tracks.AUDIO_TRACK_ID + 1) // next_track_ID
        .end();
    videoTrack(box, tracks.video());
    if (tracks.hasAudio()) {
      audioTrack(box, tracks.audio());
    }
    box.begin("mvex");
    trex(box, Tracks.VIDEO_TRACK_ID);
    if (tracks.hasAudio()) {
      trex(box, Tracks.AUDIO_TRACK_ID);
    }
    box.end(); // mvex
    box.end(); // moov
    return box.out();
  }

  private static void videoTrack(BoxWriter box, AvcConfig video) {
    box.begin("trak");
    trackHeader(box, Tracks.VIDEO_TRACK_ID, 0, video.width(), video.height());
    box.begin("mdia");
    mediaHeader(box, Tracks.VIDEO_TIMESCALE);
    handler(box, "vide", "StreamCluster video");
    box.begin("minf");
    box.beginFull("vmhd", 0, 1).u16(0).zeros(6).end();
    dataInformation(box);
    box.begin("stbl");
    box.beginFull("stsd", 0, 0).u32(1);
    box.begin("avc1")
        .zeros(6)
        .u16(1) // data_reference_index
        .zeros(2 + 2 + 12) // pre_defined, reserved, pre_defined
        .u16(video.width())
        .u16(video.height())
        .u32(0x00480000) // 72 dpi
        .u32(0x00480000)
        .u32(0)
        .u16(1) // frame_count
        .zeros(32) // compressorname
        .u16(0x0018) // depth
        .u16(0xFFFF); // pre_defined = -1
    box.begin("avcC").bytes(video.record()).end();
    box.end(); // avc1
    box.end(); // stsd
    emptySampleTables(box);
    box.end(); // stbl
    box.end(); // minf
    box.end(); // mdia
    box.end(); // trak
  }

  private static void audioTrack(BoxWriter box, AacConfig audio) {
    box.begin("trak");
    trackHeader(box, Tracks.AUDIO_TRACK_ID, 0x0100, 0, 0);
    box.begin("mdia");
    mediaHeader(box, audio.sampleRate());
    handler(box, "soun", "StreamCluster audio");
    box.begin("minf");
    box.beginFull("smhd", 0, 0).u16(0).u16(0).end();
    dataInformation(box);
    box.begin("stbl");
    box.beginFull("stsd", 0, 0).u32(1);
    box.begin("mp4a")
        .zeros(6)
        .u16(1) // data_reference_index
        .zeros(8) // reserved
        .u16(Math.max(1, Math.min(2, audio.channels()))) // channelcount: the decoder reads the ASC
        .u16(16) // samplesize
        .zeros(4) // pre_defined, reserved
        .u32(audio.sampleRate() < 0x10000 ? (long) audio.sampleRate() << 16 : 0);
    elementaryStreamDescriptor(box, audio);
    box.end(); // mp4a
    box.end(); // stsd
    emptySampleTables(box);
    box.end(); // stbl
    box.end(); // minf
    box.end(); // mdia
    box.end(); // trak
  }

  private static void trackHeader(BoxWriter box, int trackId, int volume, int width, int height) {
    box.beginFull("tkhd", 0, 0x000003) // enabled, in movie
        .u32(0)
        .u32(0)
        .u32(trackId)
        .u32(0)
        .u32(0) // duration
        .zeros(8)
        .u16(0) // layer
        .u16(0) // alternate_group
        .u16(volume)
        .u16(0)
        .unityMatrix()
        .u32((long) width << 16)
        .u32((long) height << 16)
        .end();
  }

  private static void mediaHeader(BoxWriter box, int timescale) {
    box.beginFull("mdhd", 0, 0)
        .u32(0)
        .u32(0)
        .u32(timescale)
        .u32(0)
        .u16(0x55C4) // language "und", ISO 639-2/T packed
        .u16(0)
        .end();
  }

  private static void handler(BoxWriter box, String type, String name) {
    box.beginFull("hdlr", 0, 0).u32(0).ascii(type).zeros(12).ascii(name).u8(0).end();
  }

  private static void dataInformation(BoxWriter box) {
    box.begin("dinf");
    box.beginFull("dref", 0, 0).u32(1);
    box.beginFull("url ", 0, 1).end(); // the media is in this file
    box.end();
    box.end();
  }

  private static void emptySampleTables(BoxWriter box) {
    box.beginFull("stts", 0, 0).u32(0).end();
    box.beginFull("stsc", 0, 0).u32(0).end();
    box.beginFull("stsz", 0, 0).u32(0).u32(0).end();
    box.beginFull("stco", 0, 0).u32(0).end();
  }

  /** The {@code esds} box: an ES_Descriptor (ISO/IEC 14496-1 7.2.6.5) around the ASC. */
  private static void elementaryStreamDescriptor(BoxWriter box, AacConfig audio) {
    byte[] asc = audio.config();
    int decoderSpecific = 2 + asc.length;
    int decoderConfig = 2 + 13 + decoderSpecific;
    int slConfig = 3;
    int esDescriptor = 2 + 3 + decoderConfig + slConfig;
    if (esDescriptor > 127) {
      throw new IllegalArgumentException("an AudioSpecificConfig of " + asc.length + " bytes");
    }
    box.beginFull("esds", 0, 0)
        .u8(0x03) // ES_DescrTag
        .u8(esDescriptor - 2)
        .u16(Tracks.AUDIO_TRACK_ID) // ES_ID
        .u8(0) // no dependence, URL or OCR stream
        .u8(0x04) // DecoderConfigDescrTag
        .u8(decoderConfig - 2)
        .u8(0x40) // objectTypeIndication: MPEG-4 audio
        .u8(0x15) // streamType audio (5) << 2 | reserved 1
        .u24(0) // bufferSizeDB
        .u32(0) // maxBitrate
        .u32(0) // avgBitrate
        .u8(0x05) // DecSpecificInfoTag
        .u8(asc.length)
        .bytes(asc)
        .u8(0x06) // SLConfigDescrTag
        .u8(1)
        .u8(0x02) // predefined: MP4
        .end();
  }

  private static void trex(BoxWriter box, int trackId) {
    box.beginFull("trex", 0, 0).u32(trackId).u32(1).u32(0).u32(0).u32(0).end();
  }
}
