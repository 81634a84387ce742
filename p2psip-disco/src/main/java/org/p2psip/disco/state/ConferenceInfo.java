package org.p2psip.disco.state;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One {@code conference-info} document (RFC 4575 section 5) with DisCo's {@code <focus-states>}
 * (section 7): the parts of it this project writes and reads. Elements it does not model are
 * ignored when read (both schemas allow extensions everywhere).
 *
 * @param entity the conference URI
 * @param version RFC 4575 4.6: one more for each notification on a subscription
 * @param state full, or partial (only what changed since the previous version)
 * @param description present in full documents
 * @param users the participants (each focus is one too)
 * @param focusStates DisCo's view of which focus serves whom; null when the document has none
 */
public record ConferenceInfo(
    String entity,
    long version,
    ElementState state,
    @Nullable Description description,
    @Nullable Users users,
    @Nullable FocusStates focusStates) {

  /** The largest version RFC 4575's schema allows (xs:unsignedInt). */
  public static final long MAX_VERSION = 0xFFFF_FFFFL;

  public ConferenceInfo {
    if (version < 0 || version > MAX_VERSION) {
      throw new IllegalArgumentException("version out of range: " + version);
    }
    if (state == ElementState.DELETED) {
      throw new IllegalArgumentException("a conference-info document is full or partial");
    }
  }

  /** {@code <conference-description>}: a name, the user limit and the media offered. */
  public record Description(
      @Nullable String displayText, @Nullable Long maximumUserCount, List<AvailableMedia> media) {
    public Description {
      media = List.copyOf(media);
    }
  }

  /** An {@code <entry>} of {@code <available-media>}: label, type (audio) and status. */
  public record AvailableMedia(String label, String type, @Nullable String status) {}

  /** {@code <users>}. */
  public record Users(ElementState state, List<User> users) {
    public Users {
      users = List.copyOf(users);
    }
  }

  /** A {@code <user>}: a participant (or focus) by its AoR, with its endpoints. */
  public record User(
      String entity, ElementState state, @Nullable String displayText, List<Endpoint> endpoints) {
    public User {
      endpoints = List.copyOf(endpoints);
    }
  }

  /**
   * An {@code <endpoint>}: one device of a user in the conference, its status, how it joined, its
   * media streams and the SIP dialog that carries it.
   */
  public record Endpoint(
      String entity,
      ElementState state,
      @Nullable String status,
      @Nullable String joiningMethod,
      List<Media> media,
      @Nullable SipDialog callInfo) {
    public Endpoint {
      media = List.copyOf(media);
    }
  }

  /** A {@code <media>} stream of an endpoint. */
  public record Media(String id, @Nullable String type, @Nullable String status) {}

  /** {@code <call-info><sip>}: the dialog that carries an endpoint. */
  public record SipDialog(String callId, String fromTag, String toTag) {}

  /** DisCo's {@code <focus-states>}. */
  public record FocusStates(ElementState state, List<Focus> foci) {
    public FocusStates {
      foci = List.copyOf(foci);
    }
  }

  /**
   * DisCo's {@code <focus>}: an active focus by its AoR, its capacity, the participants it serves
   * and the foci it synchronises with ({@code <graph>}).
   */
  public record Focus(
      String entity,
      ElementState state,
      @Nullable Capacity capacity,
      List<Participant> participants,
      List<Graph> graph) {
    public Focus {
      participants = List.copyOf(participants);
      graph = List.copyOf(graph);
    }
  }

  /** {@code <focus-capacity>}. */
  public record Capacity(@Nullable Integer maxParticipants, @Nullable Integer maxFocusReferences) {}

  /**
   * A {@code <participant>} of a focus; {@code coordinate} is the participant's network coordinate
   * (PROTOCOL.md 4.2, base64) in this project's extension element, so that another focus can move
   * it to the closest remaining focus (DisCo 4.6).
   */
  public record Participant(String entity, ElementState state, @Nullable String coordinate) {}

  /** A {@code <graph>} entry: a synchronisation relation to {@code refToFocus}. */
  public record Graph(String refToFocus, ElementState state) {}
}
