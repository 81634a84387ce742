package org.p2psip.registry;

import java.util.Map;
import org.p2psip.protocol.reload.ReloadErrorCode;

/**
 * A refusal with its RELOAD error code (docs/protocol.md 4.3), turned into an RFC 7807 problem by
 * the web layer; {@code extra} carries fields such as the current generation.
 */
public final class RegistryException extends RuntimeException {

  private final ReloadErrorCode code;
  private final Map<String, Object> extra;

  public RegistryException(ReloadErrorCode code, String detail) {
    this(code, detail, Map.of());
  }

  public RegistryException(ReloadErrorCode code, String detail, Map<String, Object> extra) {
    super(detail, null, false, false);
    this.code = code;
    this.extra = Map.copyOf(extra);
  }

  public ReloadErrorCode code() {
    return code;
  }

  public Map<String, Object> extra() {
    return extra;
  }
}
