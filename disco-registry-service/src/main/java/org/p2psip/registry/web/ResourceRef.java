package org.p2psip.registry.web;

import java.util.Locale;
import java.util.regex.Pattern;
import org.p2psip.protocol.reload.ReloadErrorCode;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.ResourceIds;
import org.p2psip.registry.RegistryException;

/**
 * A resource as the API's paths name it: 32 hex digits are a Resource-ID; anything else is a
 * conference (or user) URI, with or without {@code sip:}, hashed as docs/protocol.md section 3
 * says.
 */
final class ResourceRef {

  private static final Pattern RESOURCE_ID = Pattern.compile("[0-9a-fA-F]{32}");
  private static final int MAX_URI = 1024;

  private ResourceRef() {}

  static Id128 parse(String ref) {
    String trimmed = ref == null ? "" : ref.trim();
    if (RESOURCE_ID.matcher(trimmed).matches()) {
      return Id128.fromHex(trimmed.toLowerCase(Locale.ROOT));
    }
    if (trimmed.isEmpty()
        || trimmed.length() > MAX_URI
        || ResourceIds.withoutSipScheme(trimmed).isEmpty()) {
      throw new RegistryException(
          ReloadErrorCode.INVALID_MESSAGE,
          "a resource is 32 hex digits (Resource-ID) or a URI of at most "
              + MAX_URI
              + " characters");
    }
    return ResourceIds.of(trimmed);
  }
}
