package org.p2psip.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.p2psip.client.peer.ChapCredentials;
import org.p2psip.client.peer.HostPeerClient;
import org.p2psip.client.profile.Profiles;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ValueType;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.value.Octets;
import org.p2psip.protocol.value.ResourceIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import reactor.core.publisher.Flux;

/**
 * Many records through one host peer, and reading them back through another: {@code peer fill} puts
 * {@code sip:<prefix>-<i>@example.org}, {@code peer check} reads every one and counts those that
 * hold the value fill put. With the overlay, whichever peer a client uses, every record is there
 * (docs/peer-protocol.md 6).
 */
final class PeerBatchCommands {

  /** Requests of one session in flight at once. */
  private static final int IN_FLIGHT = 16;

  private PeerBatchCommands() {}

  static String name(String prefix, int i) {
    return "sip:" + prefix + "-" + i + "@example.org";
  }

  static Octets value(String prefix, int i) {
    return Octets.utf8("sip:" + prefix + "-" + i + "@192.0.2." + (i % 250 + 1));
  }

  static String code(Message answer) {
    Integer subCode = answer.response().subCode();
    return answer.response().code() + (subCode == null ? "" : "/" + subCode);
  }

  /** For example {@code ; refused: 5 x 409/7}. */
  static String refusals(Map<String, Integer> refused) {
    StringBuilder text = new StringBuilder("; refused:");
    refused.forEach((code, count) -> text.append(' ').append(count).append(" x ").append(code));
    return text.toString();
  }

  /** The options both commands share. */
  static final class Batch {
    @Option(
        names = "--count",
        defaultValue = "100",
        description = "records, default ${DEFAULT-VALUE}")
    int count;

    @Option(
        names = "--prefix",
        defaultValue = "record",
        description = "names are sip:<prefix>-<i>@example.org, default ${DEFAULT-VALUE}")
    String prefix;
  }

  /** A joined session, its Join steps kept quiet unless it fails; null when refused. */
  static @Nullable HostPeerClient joined(
      PeerAddress peer, @Nullable ChapCredentials credentials, PrintWriter err) {
    HostPeerClient client = PeerCommand.connect(peer, err);
    if (client == null) {
      return null;
    }
    StringWriter steps = new StringWriter();
    Message join = PeerCommand.join(new PrintWriter(steps), client, credentials, err);
    if (join == null || join.response().code() != 200) {
      err.print(steps);
      client.close();
      return null;
    }
    return client;
  }

  @Command(
      name = "fill",
      mixinStandardHelpOptions = true,
      description = "Put --count records through one host peer (one session).")
  static final class Fill implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin PeerAddress.PeerOption target;

    @Mixin Batch batch;

    @Mixin ChapOptions chap;

    @Option(
        names = "--lifetime",
        defaultValue = "3600",
        description = "seconds, default ${DEFAULT-VALUE}")
    long lifetime;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      HostPeerClient client =
          joined(
              target.peer,
              chap.credentials(Profiles.defaultHome(), null),
              spec.commandLine().getErr());
      if (client == null) {
        return ExitCodes.REFUSED;
      }
      try (client) {
        long started = System.nanoTime();
        AtomicInteger stored = new AtomicInteger();
        Map<String, Integer> refused = new ConcurrentSkipListMap<>();
        Flux.range(0, batch.count)
            .flatMap(
                i ->
                    client.request(
                        PeerCommand.request(
                            MessageType.PUT,
                            new ResourceInfo(
                                ValueType.SIP_CONTACT_URI.code(),
                                ResourceIds.of(name(batch.prefix, i)),
                                lifetime,
                                null,
                                null,
                                value(batch.prefix, i)))),
                IN_FLIGHT)
            .doOnNext(
                answer -> {
                  if (answer.response().code() == 200) {
                    stored.incrementAndGet();
                  } else {
                    refused.merge(code(answer), 1, Integer::sum);
                  }
                })
            .blockLast();
        out.printf(
            "put %d/%d records %s through %s in %d ms%s%n",
            stored.get(),
            batch.count,
            name(batch.prefix, 0).replace("-0@", "-<i>@"),
            target.peer,
            (System.nanoTime() - started) / 1_000_000,
            refused.isEmpty() ? "" : refusals(refused));
        return stored.get() == batch.count ? 0 : ExitCodes.REFUSED;
      }
    }
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = "Get the --count records fill put, through one host peer; count those found.")
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin PeerAddress.PeerOption target;

    @Mixin Batch batch;

    @Mixin ChapOptions chap;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      HostPeerClient client =
          joined(
              target.peer,
              chap.credentials(Profiles.defaultHome(), null),
              spec.commandLine().getErr());
      if (client == null) {
        return ExitCodes.REFUSED;
      }
      try (client) {
        long started = System.nanoTime();
        AtomicInteger found = new AtomicInteger();
        Flux.range(0, batch.count)
            .flatMap(
                i ->
                    client
                        .request(
                            PeerCommand.request(
                                MessageType.GET,
                                ResourceInfo.query(
                                    ValueType.SIP_CONTACT_URI,
                                    ResourceIds.of(name(batch.prefix, i)))))
                        .filter(
                            answer ->
                                answer.response().code() == 200
                                    && answer.all(ResourceInfo.class).stream()
                                        .anyMatch(
                                            object ->
                                                value(batch.prefix, i).equals(object.content()))),
                IN_FLIGHT)
            .doOnNext(answer -> found.incrementAndGet())
            .blockLast();
        out.printf(
            "%s: %d/%d records readable in %d ms%n",
            target.peer, found.get(), batch.count, (System.nanoTime() - started) / 1_000_000);
        return found.get() == batch.count ? 0 : ExitCodes.FAILED;
      }
    }
  }
}
