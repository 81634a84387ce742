package org.p2psip.disco.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.p2psip.disco.Sipp;
import org.p2psip.testsupport.ExternalCommand;
import org.p2psip.testsupport.FreePorts;

/**
 * SIPp, an independent user agent, calls one of two linked foci offering A-law only and plays the
 * recording it ships into the call, while test phones send tones on both foci: everyone hears the
 * recording (speech energy beyond the tones they are known to hear) and the others' tones, not
 * their own.
 */
class RecordingIntoFociSippIT {

  static final Path RECORDING = Path.of("/usr/share/sip-tester/g711a.pcap");

  /** The RMS of what {@code heard} holds beyond the given tones of the given amplitude. */
  static double beyondTones(short[] heard, double... tones) {
    double power = 0;
    for (short sample : heard) {
      power += (double) sample * sample;
    }
    power /= heard.length;
    for (double tone : tones) {
      double amplitude = Tones.amplitude(heard, tone);
      power -= amplitude * amplitude / 2;
    }
    return Math.sqrt(Math.max(0, power));
  }

  @Test
  void everyoneHearsTheRecordingAndTheOthersTones() throws Exception {
    Sipp.requirePresent();
    assertThat(RECORDING).as("SIPp's recording (package sip-tester)").exists();
    try (TestFoci foci = new TestFoci()) {
      TestFoci.Focus a = foci.focus("a");
      TestFoci.Focus b = foci.focus("b");
      foci.link(a, b);
      Phone alice = foci.call("alice", a, 440.0);
      Phone carol = foci.call("carol", b, 1000.0);

      int sippPort = FreePorts.tcpAndUdp();
      int mediaPort = FreePorts.tcpAndUdp();
      CompletableFuture<ExternalCommand.Result> sipp =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return Sipp.run(
                      "caller-plays-recording.xml",
                      sippPort,
                      "udp",
                      1,
                      "127.0.0.1:" + a.sip().port("udp"),
                      "-s",
                      "team",
                      "-mp",
                      Integer.toString(mediaPort));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      // while it plays, the loudest half second of speech each phone hears beyond the tones
      double aliceHeard = 0;
      double carolHeard = 0;
      long recordingPackets = 0;
      while (!sipp.isDone()) {
        Thread.sleep(250);
        aliceHeard = Math.max(aliceHeard, beyondTones(alice.lastHeard(4000), 1000));
        carolHeard = Math.max(carolHeard, beyondTones(carol.lastHeard(4000), 440));
        for (MediaLeg leg : a.agent().mediaLegs()) {
          if (leg.name().equals("sip:recording@example.org")) {
            recordingPackets = Math.max(recordingPackets, leg.counts().received());
          }
        }
      }
      System.out.printf(
          "recording: %d packets taken; beyond the tones alice heard RMS %.0f, carol %.0f;"
              + " alice's silence beyond tones now %.0f%n",
          recordingPackets, aliceHeard, carolHeard, beyondTones(alice.lastHeard(4000), 1000));
      assertThat(recordingPackets).as("packets of the recording taken by a").isGreaterThan(200);
      ExternalCommand.Result result = sipp.get();
      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(aliceHeard).as("the recording at alice's (same focus)").isGreaterThan(300);
      assertThat(carolHeard).as("the recording at carol's (through the relay)").isGreaterThan(300);
      ConferenceMediaTest.hears(alice, 440, 1000);
      ConferenceMediaTest.hears(carol, 1000, 440);
      assertThat(Files.size(RECORDING)).isPositive();
    }
  }
}
