package org.p2psip.protocol.reload;

import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;

/**
 * A dictionary entry (docs/protocol.md 4.3; RFC 6940 DictionaryEntry with its DataValue): {@code
 * opaque key<0..2^16-1>, uint8 exists, opaque value<0..2^32-1>}. A delete is an entry with {@code
 * exists = false}, stored as a tombstone.
 */
public record DictionaryEntry(Octets key, boolean exists, Octets value) {

  public DictionaryEntry {
    if (key.length() > 0xFFFF) {
      throw new IllegalArgumentException("a dictionary key has at most 65,535 bytes");
    }
  }

  /** An entry keyed by a Node-ID, as both DisCo and SIP-REGISTRATION key them. */
  public static DictionaryEntry of(Id128 key, Octets value) {
    return new DictionaryEntry(Octets.of(key.unsafeArray()), true, value);
  }

  /** The tombstone that deletes {@code key}. */
  public static DictionaryEntry tombstone(Id128 key) {
    return new DictionaryEntry(Octets.of(key.unsafeArray()), false, Octets.EMPTY);
  }

  public byte[] encode() {
    return new ReloadWriter(7 + key.length() + value.length())
        .opaque(2, key.unsafeArray())
        .uint8(exists ? 1 : 0)
        .opaque(4, value.unsafeArray())
        .toByteArray();
  }

  public static DictionaryEntry decode(byte[] bytes) {
    ReloadReader in = new ReloadReader(bytes);
    Octets key = Octets.wrap(in.opaque(2, "dictionary key"));
    int exists = in.uint8("exists");
    if (exists > 1) {
      throw new ReloadDecodingException("exists is a Boolean, not " + exists);
    }
    Octets value = Octets.wrap(in.opaque(4, "dictionary value"));
    in.expectEnd("dictionary entry");
    return new DictionaryEntry(key, exists == 1, value);
  }
}
