package org.p2psip.protocol.reload;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The value of a DISCO-REGISTRATION dictionary entry (docs/protocol.md 4.2): how to reach one focus
 * of a conference, and where that focus sits in network coordinates.
 *
 * <pre>
 * uint8  type            1 = sip_focus_uri, 2 = sip_focus_node_id
 * uint16 length          of what follows
 * opaque coordinate&lt;0..2^16-1&gt;
 * type 1: opaque uri&lt;0..2^16-1&gt;
 * type 2: Destination destination_list&lt;0..2^16-1&gt;
 * </pre>
 */
public sealed interface DisCoRegistration
    permits DisCoRegistration.FocusUri, DisCoRegistration.FocusNodeIds {

  int TYPE_SIP_FOCUS_URI = 1;
  int TYPE_SIP_FOCUS_NODE_ID = 2;

  /** The focus's coordinate, or null when it published none (an empty coordinate field). */
  @Nullable Coordinate coordinate();

  int registrationType();

  byte[] encode();

  /** A focus reachable at a SIP URI. */
  record FocusUri(@Nullable Coordinate coordinate, String uri) implements DisCoRegistration {

    @Override
    public int registrationType() {
      return TYPE_SIP_FOCUS_URI;
    }

    @Override
    public byte[] encode() {
      return DisCoRegistration.frame(
          TYPE_SIP_FOCUS_URI,
          coordinate,
          new ReloadWriter().opaque(2, uri.getBytes(StandardCharsets.UTF_8)).toByteArray());
    }
  }

  /** A focus reachable through the overlay at one of these nodes. */
  record FocusNodeIds(@Nullable Coordinate coordinate, List<Destination> destinations)
      implements DisCoRegistration {

    public FocusNodeIds {
      destinations = List.copyOf(destinations);
    }

    @Override
    public int registrationType() {
      return TYPE_SIP_FOCUS_NODE_ID;
    }

    @Override
    public byte[] encode() {
      ReloadWriter list = new ReloadWriter(destinations.size() * Destination.ENCODED_LENGTH);
      for (Destination destination : destinations) {
        destination.writeTo(list);
      }
      return DisCoRegistration.frame(
          TYPE_SIP_FOCUS_NODE_ID,
          coordinate,
          new ReloadWriter().opaque(2, list.toByteArray()).toByteArray());
    }
  }

  private static byte[] frame(int type, @Nullable Coordinate coordinate, byte[] tail) {
    byte[] coordinateBytes = coordinate == null ? new byte[0] : coordinate.encode();
    byte[] body = new ReloadWriter().opaque(2, coordinateBytes).bytes(tail).toByteArray();
    return new ReloadWriter(3 + body.length).uint8(type).opaque(2, body).toByteArray();
  }

  static DisCoRegistration decode(byte[] bytes) {
    ReloadReader in = new ReloadReader(bytes);
    int type = in.uint8("registration type");
    ReloadReader body = in.sub(in.uint16("registration length"), "registration body");
    in.expectEnd("DisCoRegistration");
    byte[] coordinateBytes = body.opaque(2, "coordinate");
    Coordinate coordinate = coordinateBytes.length == 0 ? null : Coordinate.decode(coordinateBytes);
    DisCoRegistration registration =
        switch (type) {
          case TYPE_SIP_FOCUS_URI ->
              new FocusUri(coordinate, body.utf8(body.opaque(2, "focus URI"), "focus URI"));
          case TYPE_SIP_FOCUS_NODE_ID -> {
            byte[] listBytes = body.opaque(2, "destination list");
            ReloadReader list = new ReloadReader(listBytes);
            List<Destination> destinations = new ArrayList<>();
            while (list.remaining() > 0) {
              destinations.add(Destination.readFrom(list));
            }
            yield new FocusNodeIds(coordinate, destinations);
          }
          default -> throw new ReloadDecodingException("registration type " + type + " unknown");
        };
    body.expectEnd("DisCoRegistration body");
    return registration;
  }
}
