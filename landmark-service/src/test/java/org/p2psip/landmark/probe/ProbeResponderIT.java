package org.p2psip.landmark.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2psip.probe.RttProber;
import org.p2psip.protocol.probe.Probe;
import org.p2psip.protocol.probe.ProbeAnswer;
import org.p2psip.testsupport.RedisBackedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The probe responder over real UDP and TCP: answers, malformed and oversized probes, rates. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "p2psip.landmark.port=0",
      "p2psip.landmark.bind-address=0.0.0.0",
      "p2psip.landmark.id=lm-test",
      "p2psip.landmark.probes-per-second=20",
      "p2psip.landmark.burst=20"
    })
class ProbeResponderIT extends RedisBackedTest {

  @Autowired LandmarkProbeResponder responder;
  @Autowired MeterRegistry meters;

  double count(String transport, String outcome) {
    return meters
        .counter("p2psip.landmark.probes", "transport", transport, "outcome", outcome)
        .count();
  }

  static ProbeAnswer udpExchange(DatagramSocket socket, int port, byte[] request) throws Exception {
    socket.send(
        new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), port));
    byte[] buffer = new byte[2048];
    DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
    try {
      socket.receive(reply);
    } catch (SocketTimeoutException e) {
      return null;
    }
    return ProbeAnswer.decode(Unpooled.wrappedBuffer(buffer, 0, reply.getLength()));
  }

  static DatagramSocket socketFrom(String localAddress) throws Exception {
    DatagramSocket socket = new DatagramSocket(new InetSocketAddress(localAddress, 0));
    socket.setSoTimeout(500);
    return socket;
  }

  @Test
  void udpProbesAreAnsweredAndBadOnesDroppedAndCounted() throws Exception {
    try (DatagramSocket socket = socketFrom("127.0.0.1")) {
      long sent = System.currentTimeMillis();
      ProbeAnswer answer = udpExchange(socket, responder.port(), new Probe(42, sent).encode());
      assertThat(answer).isNotNull();
      assertThat(answer.sequence()).isEqualTo(42);
      assertThat(answer.senderTimestamp()).isEqualTo(sent);
      assertThat(answer.landmarkId()).isEqualTo("lm-test");
      assertThat(answer.receivedAt()).isBetween(sent - 1000, System.currentTimeMillis() + 1000);

      byte[] padded = Arrays.copyOf(new Probe(43, 1).encode(), Probe.MAX_LENGTH);
      assertThat(udpExchange(socket, responder.port(), padded)).isNotNull();

      double invalidBefore = count("udp", "invalid");
      assertThat(udpExchange(socket, responder.port(), "GET / HTTP/1.1\r\n\r\n".getBytes()))
          .isNull();
      assertThat(udpExchange(socket, responder.port(), new byte[Probe.MAX_LENGTH + 1])).isNull();
      assertThat(count("udp", "invalid")).isEqualTo(invalidBefore + 2);
    }
  }

  @Test
  void tcpProbesAreFramedAndAnInvalidFrameEndsTheConnection() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", responder.port())) {
      socket.setSoTimeout(2000);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      DataInputStream in = new DataInputStream(socket.getInputStream());
      for (int sequence = 1; sequence <= 3; sequence++) {
        byte[] probe = new Probe(sequence, 99).encode();
        out.writeShort(probe.length);
        out.write(probe);
        out.flush();
        byte[] answer = new byte[in.readUnsignedShort()];
        in.readFully(answer);
        assertThat(ProbeAnswer.decode(Unpooled.wrappedBuffer(answer)).sequence())
            .isEqualTo(sequence);
      }
      double invalidBefore = count("tcp", "invalid");
      out.writeShort(4);
      out.write(new byte[] {1, 2, 3, 4});
      out.flush();
      assertThat(in.read()).as("closed").isEqualTo(-1);
      assertThat(count("tcp", "invalid")).isEqualTo(invalidBefore + 1);
    }
  }

  @Test
  void aSourceOverItsRateIsDroppedOthersAreNot() throws Exception {
    double limitedBefore = count("udp", "rate-limited");
    int answered = 0;
    try (DatagramSocket flooder = socketFrom("127.0.0.2")) {
      // all 60 at once, then read what comes back: far more than the burst of 20 in an instant
      for (int i = 0; i < 60; i++) {
        byte[] probe = new Probe(i, i).encode();
        flooder.send(
            new DatagramPacket(
                probe, probe.length, InetAddress.getLoopbackAddress(), responder.port()));
      }
      byte[] buffer = new byte[2048];
      try {
        while (true) {
          flooder.receive(new DatagramPacket(buffer, buffer.length));
          answered++;
        }
      } catch (SocketTimeoutException drained) {
        // no more answers
      }
    }
    assertThat(answered).isLessThan(60);
    assertThat(count("udp", "rate-limited")).isGreaterThan(limitedBefore);
    try (DatagramSocket other = socketFrom("127.0.0.3")) {
      assertThat(udpExchange(other, responder.port(), new Probe(1, 1).encode())).isNotNull();
    }
  }

  @Test
  void theClientProberMeasuresEachLandmarkAndMarksSilentOnes() throws Exception {
    int silent;
    try (DatagramSocket unused = new DatagramSocket(0)) {
      silent = unused.getLocalPort(); // bound by nobody once closed below
    }
    double[] rtts =
        new RttProber(3, Duration.ofMillis(300), Duration.ofMillis(5))
            .measure(
                List.of(
                    new InetSocketAddress("127.0.0.1", responder.port()),
                    new InetSocketAddress("127.0.0.1", silent)))
            .block(Duration.ofSeconds(10));
    assertThat(rtts[0]).isPositive().isLessThan(1000);
    assertThat(rtts[1]).isNaN();
  }
}
