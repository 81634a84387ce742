package org.p2psip.client.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.p2psip.client.peer.OverlaySession;
import org.p2psip.client.profile.Profiles;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ValueType;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.TransactionIds;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.p2psip.protocol.value.ResourceIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code peers}, {@code put}, {@code get}, {@code remove}: records through an overlay session on
 * the best bootstrap peer (from {@code --peers}, else the profile's verified configuration).
 */
final class RecordCommands {

  private RecordCommands() {}

  /** Which host peers to use. */
  static final class Bootstrap {
    @Option(
        names = "--peers",
        split = ",",
        converter = PeerAddress.Converter.class,
        description =
            "host:port of bootstrap peers (default: those of your profile's configuration)")
    List<PeerAddress> peers;

    @Option(names = "--home", description = "profile home (default: $P2PSIP_HOME or ~/.p2psip)")
    Path home;

    @Option(
        names = "--tls",
        description =
            "TLS to the peers with your profile's certificate as the client certificate: your"
                + " identity is then your Node-ID in every session")
    boolean tls;

    @Option(
        names = "--peer-cacert",
        description =
            "PEM the peers' TLS certificates are checked against (default: the overlay CA of your profile)")
    Path peerCacert;

    @Option(names = "--profile", description = "whose profile (default: the last enrolled)")
    String profile;

    Profiles.Profile loadProfile() throws java.io.IOException {
      return new Profiles(home == null ? Profiles.defaultHome() : home).load(profile);
    }

    OverlaySession.Settings settings() throws Exception {
      if (!tls) {
        return new OverlaySession.Settings(null, Duration.ofSeconds(30), Duration.ofSeconds(10));
      }
      Profiles.Profile identity = loadProfile();
      var builder =
          io.netty.handler.ssl.SslContextBuilder.forClient()
              .keyManager(identity.key(), identity.certificate());
      if (peerCacert != null) {
        builder.trustManager(peerCacert.toFile());
      } else {
        builder.trustManager(identity.ca());
      }
      return new OverlaySession.Settings(
          builder.build(), Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    List<InetSocketAddress> addresses() throws Exception {
      List<InetSocketAddress> addresses = new ArrayList<>();
      if (peers != null && !peers.isEmpty()) {
        peers.forEach(p -> addresses.add(new InetSocketAddress(p.host(), p.port())));
        return addresses;
      }
      Path base = home == null ? Profiles.defaultHome() : home;
      Path marker = base.resolve("default");
      if (!Files.exists(marker)) {
        addresses.add(new InetSocketAddress("127.0.0.1", 6084));
        return addresses;
      }
      String user = Files.readString(marker).trim();
      String xml =
          Files.readString(new Profiles(base).directory(user).resolve("reload-config.xml"));
      // read, not re-verified: it was verified when saved, and may have expired since
      int start = xml.indexOf("<bootstrap-node");
      while (start >= 0) {
        int end = xml.indexOf("/>", start);
        String node = xml.substring(start, end);
        String host = node.replaceAll("(?s).*address=\"([^\"]*)\".*", "$1");
        int port = Integer.parseInt(node.replaceAll("(?s).*port=\"(\\d+)\".*", "$1"));
        addresses.add(new InetSocketAddress(host, port));
        start = xml.indexOf("<bootstrap-node", end);
      }
      return addresses;
    }
  }

  static Message request(MessageType type, ResourceInfo object) {
    return new Message(Header.clientRequest(type, TransactionIds.next()), List.of(object));
  }

  @Command(
      name = "peers",
      mixinStandardHelpOptions = true,
      description = "Inquire every bootstrap peer and show them ranked (status, then RTT).")
  static final class Peers implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Bootstrap bootstrap;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      List<InetSocketAddress> addresses = bootstrap.addresses();
      List<OverlaySession.PeerChoice> ranked =
          OverlaySession.rank(addresses, bootstrap.settings()).block(Duration.ofSeconds(30));
      out.printf("  %-4s %-24s %-26s %10s%n", "RANK", "PEER", "STATUS", "RTT ms");
      int rank = 1;
      for (var peer : ranked) {
        out.printf(
            "  %-4d %-24s %-26s %10.2f%n",
            rank++,
            peer.address().getHostString() + ":" + peer.address().getPort(),
            peer.status(),
            peer.rttMillis());
      }
      int silent = addresses.size() - ranked.size();
      if (silent > 0) {
        out.printf("  %d peer(s) did not answer or are interrupted%n", silent);
      }
      return ranked.isEmpty() ? ConferenceCommand.EXIT_UNREACHABLE : 0;
    }
  }

  static Integer withSession(
      CommandSpec spec,
      Bootstrap bootstrap,
      java.util.function.Function<OverlaySession, Integer> work)
      throws Exception {
    OverlaySession session;
    try {
      session =
          OverlaySession.open(bootstrap.addresses(), bootstrap.settings(), event -> {})
              .block(Duration.ofSeconds(30));
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("no host peer: " + ConferenceCommand.rootMessage(e));
      return ConferenceCommand.EXIT_UNREACHABLE;
    }
    try (session) {
      return work.apply(session);
    }
  }

  @Command(
      name = "put",
      mixinStandardHelpOptions = true,
      description = "Store a SIP contact under a name.")
  static final class Put implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Bootstrap bootstrap;

    @Parameters(index = "0", description = "resource name, e.g. sip:alice@example.org")
    String name;

    @Parameters(index = "1", description = "value, e.g. sip:alice@192.0.2.10")
    String value;

    @Option(names = "--lifetime", defaultValue = "3600")
    long lifetime;

    @Override
    public Integer call() throws Exception {
      return withSession(
          spec,
          bootstrap,
          session -> {
            Message answer =
                session
                    .request(
                        request(
                            MessageType.PUT,
                            ResourceInfo.put(
                                ValueType.SIP_CONTACT_URI,
                                ResourceIds.of(name),
                                lifetime,
                                null,
                                Octets.utf8(value))))
                    .block(Duration.ofSeconds(30));
            spec.commandLine().getOut().printf("put %s = %s: %s%n", name, value, answer.response());
            return answer.response().code() == 200 ? 0 : ConferenceCommand.EXIT_REFUSED;
          });
    }
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Find the values stored under a name.")
  static final class Get implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Bootstrap bootstrap;

    @Parameters(index = "0")
    String name;

    @Override
    public Integer call() throws Exception {
      return withSession(
          spec,
          bootstrap,
          session -> {
            Message answer =
                session
                    .request(
                        request(
                            MessageType.GET,
                            ResourceInfo.query(ValueType.SIP_CONTACT_URI, ResourceIds.of(name))))
                    .block(Duration.ofSeconds(30));
            PrintWriter out = spec.commandLine().getOut();
            if (answer.response().code() != 200) {
              out.printf("get %s: %s%n", name, answer.response());
              return ConferenceCommand.EXIT_REFUSED;
            }
            for (ResourceInfo object : answer.all(ResourceInfo.class)) {
              out.printf(
                  "%s  owner %s  %d s left%n",
                  new String(object.content().unsafeArray(), StandardCharsets.UTF_8),
                  object.owner(),
                  object.expiration());
            }
            return 0;
          });
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Remove a value you stored under a name (only the owner may).")
  static final class Remove implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Bootstrap bootstrap;

    @Parameters(index = "0")
    String name;

    @Parameters(index = "1")
    String value;

    @Option(
        names = "--owner",
        description = "owner Node-ID (hex) the value was stored by (default with --tls: yours)")
    String owner;

    @Override
    public Integer call() throws Exception {
      if (owner == null && bootstrap.tls) {
        owner =
            org.p2psip.protocol.reload.CertificateIdentity.of(bootstrap.loadProfile().certificate())
                .nodeIds()
                .get(0)
                .hex();
      }
      return withSession(
          spec,
          bootstrap,
          session -> {
            Octets content = Octets.utf8(value);
            Message answer =
                session
                    .request(
                        request(
                            MessageType.REMOVE,
                            new ResourceInfo(
                                ValueType.SIP_CONTACT_URI.code(),
                                ResourceIds.of(name),
                                null,
                                owner == null ? null : Id128.fromHex(owner),
                                ResourceInfo.hashOf(content),
                                null)))
                    .block(Duration.ofSeconds(30));
            spec.commandLine()
                .getOut()
                .printf("remove %s = %s: %s%n", name, value, answer.response());
            return answer.response().code() == 200 ? 0 : ConferenceCommand.EXIT_REFUSED;
          });
    }
  }
}
