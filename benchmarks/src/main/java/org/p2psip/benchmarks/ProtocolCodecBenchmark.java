package org.p2psip.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.p2psip.protocol.attribute.Attribute;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ResponseAttribute;
import org.p2psip.protocol.attribute.ValueType;
import org.p2psip.protocol.codec.MessageCodec;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.p2psip.protocol.value.ResourceIds;

/**
 * Decode + encode of the two messages a host peer handles most: a Put carrying a 200-byte value and
 * a Get answer with three such objects. One thread, so the figure is per core. Command and results:
 * docs/benchmarks.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class ProtocolCodecBenchmark {

  private ByteBuf putBytes;
  private ByteBuf getResponseBytes;
  private ByteBuf out;
  private Message put;
  private Message getResponse;

  @Setup
  public void setUp() {
    Random random = new Random(1);
    Id128 resource = ResourceIds.of("sip:alice@example.org");
    Id128 owner = Id128.random(random);
    put =
        Message.of(
            Header.clientRequest(MessageType.PUT, 1),
            ResourceInfo.put(ValueType.OPAQUE, resource, 3600, owner, value(random)));
    List<Attribute> answer =
        List.of(
            ResponseAttribute.of(ResponseCode.OK),
            ResourceInfo.put(ValueType.OPAQUE, resource, 3500, owner, value(random)),
            ResourceInfo.put(ValueType.OPAQUE, resource, 1200, owner, value(random)),
            ResourceInfo.put(ValueType.OPAQUE, resource, 60, owner, value(random)));
    getResponse = new Message(Header.clientRequest(MessageType.GET, 2).toResponse(), answer);
    putBytes = Unpooled.wrappedBuffer(MessageCodec.encodeToBytes(put));
    getResponseBytes = Unpooled.wrappedBuffer(MessageCodec.encodeToBytes(getResponse));
    out = Unpooled.buffer(1024);
  }

  private static Octets value(Random random) {
    byte[] bytes = new byte[200];
    random.nextBytes(bytes);
    return Octets.wrap(bytes);
  }

  @Benchmark
  public ByteBuf putDecodeEncode() {
    putBytes.readerIndex(0);
    Message decoded = MessageCodec.decode(putBytes);
    out.clear();
    MessageCodec.encode(decoded, out);
    return out;
  }

  @Benchmark
  public ByteBuf getResponseDecodeEncode() {
    getResponseBytes.readerIndex(0);
    Message decoded = MessageCodec.decode(getResponseBytes);
    out.clear();
    MessageCodec.encode(decoded, out);
    return out;
  }

  @Benchmark
  public Message putDecode() {
    putBytes.readerIndex(0);
    return MessageCodec.decode(putBytes);
  }

  @Benchmark
  public ByteBuf putEncode() {
    out.clear();
    MessageCodec.encode(put, out);
    return out;
  }
}
