package org.p2psip.registry.store;

import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.p2psip.protocol.reload.Kind;
import org.p2psip.protocol.reload.ReloadErrorCode;
import org.p2psip.registry.RegistryException;

/** Kinds as the HTTP API names them: {@code disco}, {@code sip-registration}, or the Kind-ID. */
public final class KindNames {

  private KindNames() {}

  public static String name(Kind kind) {
    return switch (kind) {
      case DISCO_REGISTRATION -> "disco";
      case SIP_REGISTRATION -> "sip-registration";
    };
  }

  /** The kind named, or Unknown_Kind. */
  public static Kind parse(@Nullable String name) {
    if (name == null) {
      throw new RegistryException(ReloadErrorCode.UNKNOWN_KIND, "no kind given");
    }
    String lower = name.trim().toLowerCase(Locale.ROOT);
    for (Kind kind : Kind.values()) {
      if (name(kind).equals(lower)) {
        return kind;
      }
    }
    try {
      long id =
          lower.startsWith("0x") ? Long.parseLong(lower.substring(2), 16) : Long.parseLong(lower);
      Kind kind = Kind.fromId(id);
      if (kind != null) {
        return kind;
      }
    } catch (NumberFormatException ignored) {
      // falls through to the refusal
    }
    throw new RegistryException(
        ReloadErrorCode.UNKNOWN_KIND,
        "unknown kind '"
            + name
            + "': this registry stores disco (0xF00D15C0) and sip-registration (1)");
  }
}
