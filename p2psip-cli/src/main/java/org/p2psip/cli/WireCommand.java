package org.p2psip.cli;

import java.io.PrintWriter;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ValueType;
import org.p2psip.protocol.codec.MalformedMessageException;
import org.p2psip.protocol.codec.MessageCodec;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.TransactionIds;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;
import org.p2psip.protocol.value.ResourceIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Encodes and decodes client-protocol messages, for debugging and for learning the wire. */
@Command(
    name = "wire",
    mixinStandardHelpOptions = true,
    description = "Encode or decode client-protocol messages (docs/protocol.md sections 1-3).",
    subcommands = {WireCommand.Put.class, WireCommand.Decode.class})
final class WireCommand {

  private static final HexFormat HEX = HexFormat.of();

  /** Prints a message as hex, 16 bytes a line, then its decoded form. */
  static void show(PrintWriter out, byte[] bytes, Message message) {
    for (int i = 0; i < bytes.length; i += 16) {
      out.printf("  %04x  %s%n", i, HEX.formatHex(bytes, i, Math.min(bytes.length, i + 16)));
    }
    out.println("  = " + message.header());
    message.attributes().forEach(attribute -> out.println("      " + attribute));
  }

  @Command(name = "put", mixinStandardHelpOptions = true, description = "Build a Put request.")
  static final class Put implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--name",
        required = true,
        description = "Resource name, e.g. sip:alice@example.org")
    String name;

    @Option(names = "--value", required = true, description = "Value content (UTF-8)")
    String value;

    @Option(names = "--owner", description = "Owner Node-ID (32 hex digits); random if absent")
    @Nullable String owner;

    @Option(
        names = "--lifetime",
        defaultValue = "3600",
        description = "Seconds (default ${DEFAULT-VALUE})")
    long lifetime;

    @Override
    public Integer call() {
      Id128 ownerId = owner == null ? Id128.random() : Id128.fromHex(owner);
      Message put =
          Message.of(
              Header.clientRequest(MessageType.PUT, TransactionIds.next()),
              ResourceInfo.put(
                  ValueType.SIP_CONTACT_URI,
                  ResourceIds.of(name),
                  lifetime,
                  ownerId,
                  Octets.utf8(value)));
      byte[] bytes = MessageCodec.encodeToBytes(put);
      PrintWriter out = spec.commandLine().getOut();
      out.println("Put of " + name + " (" + bytes.length + " bytes):");
      show(out, bytes, MessageCodec.decode(bytes));
      return 0;
    }
  }

  @Command(
      name = "decode",
      mixinStandardHelpOptions = true,
      description = "Decode one message given in hex.")
  static final class Decode implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", description = "The message in hex; spaces allowed")
    String[] hex;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      byte[] bytes;
      try {
        bytes = HEX.parseHex(String.join("", hex).replaceAll("\\s", ""));
      } catch (IllegalArgumentException e) {
        err.println("not hexadecimal: " + e.getMessage());
        return ExitCodes.BAD_INPUT;
      }
      try {
        show(out, bytes, MessageCodec.decode(bytes));
        return 0;
      } catch (MalformedMessageException e) {
        err.println(
            "refused: "
                + e.code()
                + " ("
                + e.getMessage()
                + ")"
                + (e.framingLost() ? "; a server would close the connection" : ""));
        return ExitCodes.BAD_INPUT;
      }
    }
  }
}
