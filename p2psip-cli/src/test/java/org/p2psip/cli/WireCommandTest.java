package org.p2psip.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class WireCommandTest {

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = P2psipCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void putShowsTheEncodedMessageAndItsDecodedForm() {
    Run run =
        run(
            "wire",
            "put",
            "--name",
            "sip:alice@example.org",
            "--value",
            "sip:alice@192.0.2.10",
            "--owner",
            "0102030405060708090a0b0c0d0e0f10");
    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .contains("92 bytes")
        .contains("45a6b241a242c97f0492d382c390dfa3") // Resource-ID of alice@example.org
        .contains("PUT request");
  }

  @Test
  void decodeNamesTheResponseCodeOfAMalformedMessage() {
    Run run = run("wire", "decode", "10 40 0b 00 000c 0000 0000abcd");
    assertThat(run.exit()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("434");
  }

  @Test
  void decodeShowsAValidMessage() {
    Run run = run("wire", "decode", "18400100001200000000000380070002", "00c8");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("LEAVE response").contains("200 OK");
  }
}
