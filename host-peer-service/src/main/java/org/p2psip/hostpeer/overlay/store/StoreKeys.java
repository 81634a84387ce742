package org.p2psip.hostpeer.overlay.store;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.p2psip.protocol.value.Id128;

/**
 * The Redis keys of the overlay store, all under one prefix ({@code ovl:store:} in a peer) so they
 * never meet the client cache or the client-protocol records ({@code hp:}):
 *
 * <ul>
 *   <li>{@code <prefix>obj:<Resource-ID hex>}: hash, field = Owner (16) | Hash (16), value = the
 *       version as {@link VersionCodec} writes it. One HGETALL answers {@code versions}.
 *   <li>{@code <prefix>ids}: sorted set of the Resource-IDs that hold a version, all scores 0,
 *       member = 32 lower-case hex digits. Scores are doubles and cannot hold 128 bits, but lex
 *       order of fixed-width lower-case hex is numeric order, so ZRANGEBYLEX serves ring ranges.
 *   <li>{@code <prefix>exp}: sorted set of every version's Expiry, member = Resource-ID (16) |
 *       Owner (16) | Hash (16), score = Expiry in ms (exact in a double up to 2^53), for the sweep.
 * </ul>
 *
 * The indexes span every Resource-ID, so this layout assumes the peer's own standalone Redis (5.1),
 * not a Cluster; the scripts still name every key they touch in KEYS.
 */
final class StoreKeys {

  /** The prefix a host peer uses. */
  static final String DEFAULT_PREFIX = "ovl:store:";

  private final String prefix;

  StoreKeys(String prefix) {
    this.prefix = prefix;
  }

  String objects(Id128 resourceId) {
    return prefix + "obj:" + resourceId.hex();
  }

  String ids() {
    return prefix + "ids";
  }

  String expiries() {
    return prefix + "exp";
  }

  /** The keys of one script call, in the order the scripts expect them. */
  List<String> scriptKeys(Id128 resourceId) {
    return List.of(objects(resourceId), ids(), expiries());
  }

  /** The member of {@link #ids()} for a Resource-ID. */
  static byte[] idMember(Id128 resourceId) {
    return resourceId.hex().getBytes(StandardCharsets.US_ASCII);
  }
}
