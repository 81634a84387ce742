package org.p2psip.cli;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.p2psip.client.enroll.SavedConfiguration;
import org.p2psip.client.peer.OverlaySession;
import org.p2psip.client.profile.Profiles;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ValueType;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.reload.CertificateIdentity;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.p2psip.protocol.value.ResourceIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

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
    @Nullable List<PeerAddress> peers;

    @Mixin HomeOption home;

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
    @Nullable Path peerCacert;

    @Mixin ProfileOption profile;

    @Mixin ChapOptions chap;

    @Option(names = "--json", description = "print the result as JSON")
    boolean json;

    Profiles.Profile loadProfile() throws IOException {
      return home.profiles().load(profile.profile);
    }

    OverlaySession.Settings settings() throws Exception {
      return new OverlaySession.Settings(
          tls ? sslContext() : null,
          Duration.ofSeconds(30),
          Duration.ofSeconds(10),
          chap.credentials(home.home(), profile.profile));
    }

    /** The owner Node-ID a session of this identity stores under: the profile certificate's. */
    String ownNodeId() throws IOException {
      return CertificateIdentity.of(loadProfile().certificate()).nodeIds().get(0).hex();
    }

    private SslContext sslContext() throws Exception {
      Profiles.Profile identity = loadProfile();
      SslContextBuilder builder =
          SslContextBuilder.forClient().keyManager(identity.key(), identity.certificate());
      if (peerCacert != null) {
        builder.trustManager(peerCacert.toFile());
      } else {
        builder.trustManager(identity.ca());
      }
      return builder.build();
    }

    List<InetSocketAddress> addresses() throws Exception {
      List<InetSocketAddress> addresses = new ArrayList<>();
      if (peers != null && !peers.isEmpty()) {
        peers.forEach(p -> addresses.add(new InetSocketAddress(p.host(), p.port())));
        return addresses;
      }
      // read, not re-verified: it was verified when saved, and may have expired since
      Optional<SavedConfiguration> saved = home.profiles().savedConfigurationOf(profile.profile);
      if (saved.isEmpty()) {
        addresses.add(new InetSocketAddress("127.0.0.1", 6084));
        return addresses;
      }
      addresses.addAll(saved.get().bootstrapPeers());
      return addresses;
    }
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
      if (bootstrap.json) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (var peer : ranked) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("peer", peer.address().getHostString() + ":" + peer.address().getPort());
          row.put("status", peer.status().name());
          row.put("rttMillis", peer.rttMillis());
          rows.add(row);
        }
        out.println(
            JSON.writeValueAsString(
                Map.of("ranked", rows, "silent", addresses.size() - ranked.size())));
        return ranked.isEmpty() ? ExitCodes.UNREACHABLE : 0;
      }
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
      return ranked.isEmpty() ? ExitCodes.UNREACHABLE : 0;
    }
  }

  /**
   * Opens a session on the best peer, runs {@code work} on it, closes the session: the answer, or
   * null (said on stderr) when no peer could be joined.
   */
  static @Nullable Message inSession(
      CommandSpec spec, Bootstrap bootstrap, Function<OverlaySession, Mono<Message>> work)
      throws Exception {
    List<InetSocketAddress> addresses = bootstrap.addresses();
    OverlaySession.Settings settings = bootstrap.settings();
    OverlaySession session;
    try {
      session = OverlaySession.open(addresses, settings, event -> {}).block(Duration.ofSeconds(30));
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("no host peer: " + ConferenceCommand.rootMessage(e));
      return null;
    }
    try (session) {
      return work.apply(session).block(Duration.ofSeconds(30));
    }
  }

  /** One request in a session of its own. */
  static @Nullable Message exchange(
      CommandSpec spec, Bootstrap bootstrap, MessageType type, ResourceInfo object)
      throws Exception {
    return inSession(
        spec, bootstrap, session -> session.request(Message.clientRequest(type, object)));
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Prints {@code what: response} (or its JSON) and gives the exit code the answer means. */
  static int outcome(CommandSpec spec, Bootstrap bootstrap, String what, @Nullable Message answer) {
    if (answer == null) {
      return ExitCodes.UNREACHABLE;
    }
    if (bootstrap.json) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("request", what);
      result.put("code", answer.response().code());
      result.put("subCode", answer.response().subCode());
      result.put("response", answer.response().toString());
      spec.commandLine().getOut().println(JSON.writeValueAsString(result));
    } else {
      spec.commandLine().getOut().printf("%s: %s%n", what, answer.response());
    }
    return answer.response().code() == 200 ? 0 : ExitCodes.REFUSED;
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
      Message answer =
          exchange(
              spec,
              bootstrap,
              MessageType.PUT,
              ResourceInfo.put(
                  ValueType.SIP_CONTACT_URI,
                  ResourceIds.of(name),
                  lifetime,
                  null,
                  Octets.utf8(value)));
      return outcome(spec, bootstrap, "put " + name + " = " + value, answer);
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
      Message answer =
          exchange(
              spec,
              bootstrap,
              MessageType.GET,
              ResourceInfo.query(ValueType.SIP_CONTACT_URI, ResourceIds.of(name)));
      if (answer == null || answer.response().code() != 200) {
        return outcome(spec, bootstrap, "get " + name, answer);
      }
      if (bootstrap.json) {
        List<Map<String, Object>> values = new ArrayList<>();
        for (ResourceInfo object : answer.all(ResourceInfo.class)) {
          Map<String, Object> value = new LinkedHashMap<>();
          value.put("value", new String(object.content().unsafeArray(), StandardCharsets.UTF_8));
          value.put("owner", object.owner() == null ? null : object.owner().hex());
          value.put("secondsLeft", object.expiration());
          values.add(value);
        }
        spec.commandLine()
            .getOut()
            .println(JSON.writeValueAsString(Map.of("name", name, "values", values)));
        return 0;
      }
      for (ResourceInfo object : answer.all(ResourceInfo.class)) {
        spec.commandLine()
            .getOut()
            .printf(
                "%s  owner %s  %d s left%n",
                new String(object.content().unsafeArray(), StandardCharsets.UTF_8),
                object.owner(),
                object.expiration());
      }
      return 0;
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
        description =
            "owner Node-ID (hex) the value was stored by (default with --tls: your certificate's;"
                + " else the owner of each stored copy of VALUE in turn, until the peer accepts:"
                + " it removes only what the session's identity owns)")
    @Nullable String owner;

    @Override
    public Integer call() throws Exception {
      if (owner == null && bootstrap.tls) {
        owner = bootstrap.ownNodeId();
      }
      Id128 resource = ResourceIds.of(name);
      Octets content = Octets.utf8(value);
      AtomicBoolean joined = new AtomicBoolean();
      Message answer =
          inSession(
              spec,
              bootstrap,
              session ->
                  owners(session, resource, content)
                      .doOnSubscribe(s -> joined.set(true))
                      .concatMap(
                          candidate ->
                              session.request(
                                  Message.clientRequest(
                                      MessageType.REMOVE,
                                      new ResourceInfo(
                                          ValueType.SIP_CONTACT_URI.code(),
                                          resource,
                                          null,
                                          candidate,
                                          ResourceInfo.hashOf(content),
                                          null))),
                          1)
                      .takeUntil(removed -> removed.response().code() == 200)
                      .takeLast(1)
                      .next());
      if (answer == null && joined.get()) {
        spec.commandLine()
            .getOut()
            .println(
                bootstrap.json
                    ? JSON.writeValueAsString(
                        Map.of("request", "remove " + name + " = " + value, "found", false))
                    : "remove " + name + " = " + value + ": no such value");
        return ExitCodes.REFUSED;
      }
      return outcome(spec, bootstrap, "remove " + name + " = " + value, answer);
    }

    /** {@code --owner}, or the owners of the stored copies of {@code content}. */
    private Flux<Id128> owners(OverlaySession session, Id128 resource, Octets content) {
      if (owner != null) {
        return Flux.just(Id128.fromHex(owner));
      }
      return session
          .request(
              Message.clientRequest(
                  MessageType.GET, ResourceInfo.query(ValueType.SIP_CONTACT_URI, resource)))
          .flatMapIterable(
              got -> got.response().code() == 200 ? got.all(ResourceInfo.class) : List.of())
          .filter(stored -> content.equals(stored.content()))
          .map(ResourceInfo::owner)
          .distinct();
    }
  }
}
