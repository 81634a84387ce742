package org.p2psip.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.p2psip.client.peer.ChapCredentials;
import org.p2psip.client.peer.HostPeerClient;
import org.p2psip.client.profile.Profiles;
import org.p2psip.protocol.attribute.Attribute;
import org.p2psip.protocol.attribute.ClientInfo;
import org.p2psip.protocol.attribute.OverlayInfo;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.Security;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.attribute.Uptime;
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
import picocli.CommandLine.Spec;

/** Talks to one host peer: what it says about itself, and one session of record operations. */
@Command(
    name = "peer",
    mixinStandardHelpOptions = true,
    description = "Inquire a host peer, or run a session of Join, Put, Get, Remove on it.",
    subcommands = {
      PeerCommand.Inquire.class,
      PeerCommand.Session.class,
      PeerBatchCommands.Fill.class,
      PeerBatchCommands.Check.class
    })
final class PeerCommand {

  static Message request(MessageType type, Attribute... attributes) {
    return new Message(Header.clientRequest(type, TransactionIds.next()), List.of(attributes));
  }

  static String describe(Message answer) {
    StringBuilder text = new StringBuilder(answer.response().toString());
    PeerInfo peer = answer.first(PeerInfo.class);
    if (peer != null) {
      text.append("  peer ")
          .append(peer.peerId())
          .append(" at ")
          .append(peer.addresses().get(0).inetAddress().getHostAddress())
          .append(':')
          .append(peer.addresses().get(0).port());
    }
    StatusAttribute status = answer.first(StatusAttribute.class);
    if (status != null) {
      text.append("  status ").append(status.status());
    }
    Uptime uptime = answer.first(Uptime.class);
    if (uptime != null) {
      text.append("  up ").append(uptime.seconds()).append(" s");
    }
    OverlayInfo overlay = answer.first(OverlayInfo.class);
    if (overlay != null) {
      text.append("  overlay ").append(overlay.name()).append(" #").append(overlay.overlayId());
    }
    return text.toString();
  }

  static @Nullable HostPeerClient connect(PeerAddress peer, PrintWriter err) {
    try {
      return HostPeerClient.connect(peer.host(), peer.port()).block(Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      err.println("cannot reach host peer " + peer + ": " + e.getMessage());
      return null;
    }
  }

  @Command(
      name = "inquire",
      mixinStandardHelpOptions = true,
      description = "Ask a host peer who and how it is.")
  static final class Inquire implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin PeerAddress.PeerOption target;

    @Override
    public Integer call() {
      HostPeerClient client = connect(target.peer, spec.commandLine().getErr());
      if (client == null) {
        return ExitCodes.UNREACHABLE;
      }
      try (client) {
        long started = System.nanoTime();
        Message answer = client.request(request(MessageType.INQUIRE)).block();
        spec.commandLine()
            .getOut()
            .printf(
                "Inquire %s: %s  (rtt %.2f ms)%n",
                target.peer, describe(answer), (System.nanoTime() - started) / 1e6);
        return answer.response().code() == 200 ? 0 : ExitCodes.REFUSED;
      }
    }
  }

  @Command(
      name = "session",
      mixinStandardHelpOptions = true,
      description =
          "Inquire, Join, Put a record, Get it, Remove it, Get again, Leave: one session.")
  static final class Session implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin PeerAddress.PeerOption target;

    @Option(
        names = "--name",
        defaultValue = "sip:alice@example.org",
        description = "resource name, default ${DEFAULT-VALUE}")
    String name;

    @Option(
        names = "--value",
        defaultValue = "sip:alice@192.0.2.10",
        description = "value, default ${DEFAULT-VALUE}")
    String value;

    @Mixin ChapOptions chap;

    @Override
    public Integer call() throws IOException {
      var credentials = chap.credentials(Profiles.defaultHome(), null);
      PrintWriter out = spec.commandLine().getOut();
      HostPeerClient client = connect(target.peer, spec.commandLine().getErr());
      if (client == null) {
        return ExitCodes.UNREACHABLE;
      }
      try (client) {
        Id128 resource = ResourceIds.of(name);
        Message inquire = step(out, client, "Inquire", request(MessageType.INQUIRE));
        Message join = join(out, client, credentials, spec.commandLine().getErr());
        if (join == null || join.response().code() != 200) {
          return ExitCodes.REFUSED;
        }
        Octets content = Octets.utf8(value);
        step(
            out,
            client,
            "Put " + name + " = " + value,
            request(
                MessageType.PUT,
                new ResourceInfo(
                    ValueType.SIP_CONTACT_URI.code(), resource, 3600L, null, null, content)));
        Message got =
            step(
                out,
                client,
                "Get " + name,
                request(MessageType.GET, ResourceInfo.query(ValueType.SIP_CONTACT_URI, resource)));
        ResourceInfo mine = null;
        for (ResourceInfo object : got.all(ResourceInfo.class)) {
          out.printf(
              "      %s  owner %s  %d s left%n",
              new String(object.content().unsafeArray(), StandardCharsets.UTF_8),
              object.owner(),
              object.expiration());
          if (object.content().equals(content)) {
            mine = object;
          }
        }
        if (mine != null) {
          step(
              out,
              client,
              "Remove",
              request(
                  MessageType.REMOVE,
                  new ResourceInfo(
                      mine.valueType(), resource, null, mine.owner(), mine.contentHash(), null)));
          step(
              out,
              client,
              "Get " + name,
              request(MessageType.GET, ResourceInfo.query(ValueType.SIP_CONTACT_URI, resource)));
        }
        step(out, client, "Leave", request(MessageType.LEAVE));
        return inquire.response().code() == 200 ? 0 : ExitCodes.REFUSED;
      }
    }
  }

  /**
   * Join, answering a CHAP challenge with {@code credentials} when the peer asks for one; every
   * step printed. Null when the peer wants CHAP and there are no credentials.
   */
  static @Nullable Message join(
      PrintWriter out,
      HostPeerClient client,
      @Nullable ChapCredentials credentials,
      PrintWriter err) {
    Message join =
        step(
            out,
            client,
            "Join",
            request(MessageType.JOIN, ClientInfo.of(InetAddress.getLoopbackAddress())));
    Security demand = join.first(Security.class);
    if (join.response().code() == 404 && demand != null && demand.challenge() != null) {
      if (credentials == null) {
        err.println("this peer wants CHAP: add --chap (and --user)");
        return null;
      }
      join =
          step(
              out,
              client,
              "Join, CHAP response as " + credentials.userName(),
              request(
                  MessageType.JOIN,
                  ClientInfo.of(InetAddress.getLoopbackAddress()),
                  credentials.answer(demand.challenge())));
    }
    return join;
  }

  static Message step(PrintWriter out, HostPeerClient client, String what, Message request) {
    long started = System.nanoTime();
    Message answer = client.request(request).block();
    out.printf(
        "  %-44s -> %s  (%.2f ms)%n", what, describe(answer), (System.nanoTime() - started) / 1e6);
    out.flush();
    return answer;
  }
}
