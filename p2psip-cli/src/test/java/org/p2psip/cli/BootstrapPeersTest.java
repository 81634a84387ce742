package org.p2psip.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands without {@code --peers} use the bootstrap peers of the profile's saved configuration
 * document, read with an XML parser.
 */
class BootstrapPeersTest {

  @TempDir Path home;

  static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }

  @Test
  void peersAreTakenFromTheSavedConfiguration() throws Exception {
    int one = closedPort();
    int two = closedPort();
    Path profile = Files.createDirectories(home.resolve("profiles").resolve("alice@example.org"));
    Files.writeString(
        profile.resolve("reload-config.xml"),
        "<overlay xmlns=\"urn:ietf:params:xml:ns:p2p:config-base\">"
            + "<configuration instance-name=\"overlay.example.org\">"
            + "<bootstrap-node port=\""
            + one
            + "\" address=\"127.0.0.1\"/>"
            + "<bootstrap-node address='127.0.0.1' port='"
            + two
            + "'></bootstrap-node>"
            + "</configuration></overlay>");
    Files.writeString(home.resolve("default"), "alice@example.org\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        P2psipCommand.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute("peers", "--home", home.toString(), "--json");
    // nobody listens there: both peers named by the document were tried, none answered
    assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(out.toString()).contains("\"silent\":2");
  }
}
