package org.p2psip.protocol.reload;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The value of a SIP-REGISTRATION dictionary entry (RFC 7904 section 3.1): where the user whose
 * address of record hashes to the Resource-ID can be reached; the dictionary key is the registering
 * node's Node-ID (USER-NODE-MATCH).
 *
 * <pre>
 * uint8  type            1 = sip_registration_uri, 2 = sip_registration_route
 * uint16 length          of what follows
 * type 1: opaque uri&lt;0..2^16-1&gt;
 * type 2: opaque contact_prefs&lt;0..2^16-1&gt;; Destination destination_list&lt;0..2^16-1&gt;
 * </pre>
 *
 * <p>Another type (the structure is extensible) is read as {@link Other} and kept as bytes, so that
 * a reader can skip it rather than fail.
 */
public sealed interface SipRegistration
    permits SipRegistration.Uri, SipRegistration.Route, SipRegistration.Other {

  int TYPE_URI = 1;
  int TYPE_ROUTE = 2;

  int type();

  byte[] encode();

  /** Another AoR or a contact URI the user is reached at (RFC 7904 3.1, sip_registration_uri). */
  record Uri(String uri) implements SipRegistration {
    @Override
    public int type() {
      return TYPE_URI;
    }

    @Override
    public byte[] encode() {
      return frame(
          TYPE_URI,
          new ReloadWriter().opaque(2, uri.getBytes(StandardCharsets.UTF_8)).toByteArray());
    }
  }

  /** A node of the overlay reached through a destination list (sip_registration_route). */
  record Route(String contactPrefs, List<Destination> destinations) implements SipRegistration {
    public Route {
      destinations = List.copyOf(destinations);
    }

    @Override
    public int type() {
      return TYPE_ROUTE;
    }

    @Override
    public byte[] encode() {
      ReloadWriter list = new ReloadWriter(destinations.size() * Destination.ENCODED_LENGTH);
      destinations.forEach(destination -> destination.writeTo(list));
      return frame(
          TYPE_ROUTE,
          new ReloadWriter()
              .opaque(2, contactPrefs.getBytes(StandardCharsets.UTF_8))
              .opaque(2, list.toByteArray())
              .toByteArray());
    }
  }

  /** A registration of a type this implementation does not know; kept, never interpreted. */
  record Other(int type, byte[] data) implements SipRegistration {
    @Override
    public byte[] encode() {
      return frame(type, data);
    }
  }

  private static byte[] frame(int type, byte[] data) {
    return new ReloadWriter(3 + data.length).uint8(type).opaque(2, data).toByteArray();
  }

  /**
   * @throws ReloadDecodingException when the bytes are not one well-formed registration
   */
  static SipRegistration decode(byte[] bytes) {
    ReloadReader in = new ReloadReader(bytes);
    int type = in.uint8("registration type");
    byte[] data = in.opaque(2, "registration data");
    in.expectEnd("SipRegistration");
    ReloadReader body = new ReloadReader(data);
    SipRegistration registration =
        switch (type) {
          case TYPE_URI -> new Uri(body.utf8(body.opaque(2, "uri"), "uri"));
          case TYPE_ROUTE -> {
            String prefs = body.utf8(body.opaque(2, "contact_prefs"), "contact_prefs");
            ReloadReader list = new ReloadReader(body.opaque(2, "destination_list"));
            List<Destination> destinations = new ArrayList<>();
            while (list.remaining() > 0) {
              destinations.add(Destination.readFrom(list));
            }
            yield new Route(prefs, destinations);
          }
          default -> new Other(type, data);
        };
    if (!(registration instanceof Other)) {
      body.expectEnd("SipRegistration data");
    }
    return registration;
  }
}
