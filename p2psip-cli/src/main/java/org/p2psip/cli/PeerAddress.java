package org.p2psip.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code host:port} of a host peer, as given on the command line. */
record PeerAddress(String host, int port) {

  static final String DEFAULT = "127.0.0.1:6084";

  @Override
  public String toString() {
    return host + ":" + port;
  }

  /** The {@code --peer} option of every command that talks to one host peer (a mixin). */
  static final class PeerOption {
    @Option(
        names = "--peer",
        defaultValue = DEFAULT,
        converter = Converter.class,
        description = "host:port of the host peer (default ${DEFAULT-VALUE})")
    PeerAddress peer;
  }

  /** Parses {@code host:port}; {@code [v6]:port} for IPv6. */
  static final class Converter implements ITypeConverter<PeerAddress> {
    @Override
    public PeerAddress convert(String value) {
      int colon = value.lastIndexOf(':');
      if (colon <= 0 || colon == value.length() - 1) {
        throw new TypeConversionException("expected host:port, got '" + value + "'");
      }
      String host = value.substring(0, colon).replace("[", "").replace("]", "");
      try {
        int port = Integer.parseInt(value.substring(colon + 1));
        if (port < 1 || port > 65535) {
          throw new NumberFormatException();
        }
        return new PeerAddress(host, port);
      } catch (NumberFormatException e) {
        throw new TypeConversionException("bad port in '" + value + "'");
      }
    }
  }
}
