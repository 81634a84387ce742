package org.p2psip.disco.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.p2psip.disco.state.ConferenceInfo.Description;
import org.p2psip.disco.state.ConferenceInfo.Endpoint;
import org.p2psip.disco.state.ConferenceInfo.Focus;
import org.p2psip.disco.state.ConferenceInfo.FocusStates;
import org.p2psip.disco.state.ConferenceInfo.Graph;
import org.p2psip.disco.state.ConferenceInfo.Participant;
import org.p2psip.disco.state.ConferenceInfo.User;
import org.p2psip.disco.state.ConferenceInfo.Users;

/**
 * One focus's view of a distributed conference (DisCo 3.4, 5.3): the users with their endpoints and
 * DisCo's focus states, changed by this focus's own calls and by what other foci notify.
 *
 * <p>Documents are applied by RFC 4575 4.6's rules, element by element: a full element replaces
 * what is held under its key (entity; ref-to-focus for a graph entry), a partial one merges into
 * it, a deleted one removes it, and a full {@code <users>} or {@code <focus-states>} replaces the
 * whole list. {@link #apply} returns the part that changed anything, so that a focus forwards a
 * change once and never a duplicate (5.3). Not thread-safe: one focus agent owns it.
 */
public final class ConferenceState {

  private final String entity;
  private @Nullable Description description;
  private final Map<String, User> users = new LinkedHashMap<>();
  private final Map<String, Focus> foci = new LinkedHashMap<>();

  public ConferenceState(String entity, @Nullable Description description) {
    this.entity = entity;
    this.description = description;
  }

  public String entity() {
    return entity;
  }

  /** The whole state as a full document of {@code version}. */
  public ConferenceInfo full(long version) {
    return new ConferenceInfo(
        entity,
        version,
        ElementState.FULL,
        description,
        new Users(ElementState.FULL, List.copyOf(users.values())),
        new FocusStates(ElementState.FULL, List.copyOf(foci.values())));
  }

  /** The users held now, by entity. */
  public Map<String, User> users() {
    return Map.copyOf(users);
  }

  /** The foci held now, by entity. */
  public Map<String, Focus> foci() {
    return Map.copyOf(foci);
  }

  /** Whether a focus other than {@code focus} lists {@code participant} as its own. */
  public boolean servedByAnotherThan(String focus, String participant) {
    for (Focus other : foci.values()) {
      if (!other.entity().equals(focus)
          && other.participants().stream().anyMatch(p -> p.entity().equals(participant))) {
        return true;
      }
    }
    return false;
  }

  /** The focus serving {@code participant}, or null. */
  public @Nullable String focusOf(String participant) {
    for (Focus focus : foci.values()) {
      for (Participant served : focus.participants()) {
        if (served.entity().equals(participant)) {
          return focus.entity();
        }
      }
    }
    return null;
  }

  /**
   * Applies {@code document}; returns a partial document with the elements that changed something
   * (for forwarding, version 0: the notifier numbers it), or null when nothing changed.
   */
  public @Nullable ConferenceInfo apply(ConferenceInfo document) {
    if (!document.entity().equals(entity)) {
      throw new InvalidConferenceInfo(
          "a document of " + document.entity() + " is not about " + entity);
    }
    boolean descriptionChanged = false;
    if (document.description() != null && !document.description().equals(description)) {
      description = document.description();
      descriptionChanged = true;
    }
    List<User> changedUsers = new ArrayList<>();
    boolean usersReplaced = false;
    if (document.users() != null) {
      Users incoming = document.users();
      if (incoming.state() == ElementState.FULL || document.state() == ElementState.FULL) {
        Map<String, User> replacement = new LinkedHashMap<>();
        for (User user : incoming.users()) {
          if (user.state() != ElementState.DELETED) {
            replacement.put(user.entity(), asFull(user));
          }
        }
        if (!replacement.equals(users)) {
          users.clear();
          users.putAll(replacement);
          usersReplaced = true;
        }
      } else {
        for (User user : incoming.users()) {
          User changed = applyUser(user);
          if (changed != null) {
            changedUsers.add(changed);
          }
        }
      }
    }
    List<Focus> changedFoci = new ArrayList<>();
    boolean fociReplaced = false;
    if (document.focusStates() != null) {
      FocusStates incoming = document.focusStates();
      if (incoming.state() == ElementState.FULL || document.state() == ElementState.FULL) {
        Map<String, Focus> replacement = new LinkedHashMap<>();
        for (Focus focus : incoming.foci()) {
          if (focus.state() != ElementState.DELETED) {
            replacement.put(focus.entity(), asFull(focus));
          }
        }
        if (!replacement.equals(foci)) {
          foci.clear();
          foci.putAll(replacement);
          fociReplaced = true;
        }
      } else {
        for (Focus focus : incoming.foci()) {
          Focus changed = applyFocus(focus);
          if (changed != null) {
            changedFoci.add(changed);
          }
        }
      }
    }
    if (!descriptionChanged
        && !usersReplaced
        && changedUsers.isEmpty()
        && !fociReplaced
        && changedFoci.isEmpty()) {
      return null;
    }
    return new ConferenceInfo(
        entity,
        0,
        ElementState.PARTIAL,
        descriptionChanged ? description : null,
        usersReplaced
            ? new Users(ElementState.FULL, List.copyOf(users.values()))
            : changedUsers.isEmpty() ? null : new Users(ElementState.PARTIAL, changedUsers),
        fociReplaced
            ? new FocusStates(ElementState.FULL, List.copyOf(foci.values()))
            : changedFoci.isEmpty() ? null : new FocusStates(ElementState.PARTIAL, changedFoci));
  }

  /**
   * Applies a document another focus sent ({@code sender}), partition by partition: a focus's
   * partition is its {@code <focus>} element and the users it serves (DisCo 3.4: each focus is
   * responsible for its own participants). {@code takes} says, per focus, whether this sender's
   * account of that focus's partition is taken; the caller answers from the subscription graph (a
   * focus's own notifications, or one neighbour's forwarding when there is no direct subscription),
   * so that a stale copy arriving by another path never rolls a partition back.
   *
   * <p>A full document replaces each taken partition as a whole (users it no longer lists leave); a
   * partial one is applied element by element. A user the document does not place under any focus
   * belongs to the focus that serves it here, else to the sender. Returns what changed, as {@link
   * #apply} does, or null.
   */
  public @Nullable ConferenceInfo applyFrom(
      String sender, ConferenceInfo document, Predicate<String> takes, Predicate<String> spokeFor) {
    if (!document.entity().equals(entity)) {
      throw new InvalidConferenceInfo(
          "a document of " + document.entity() + " is not about " + entity);
    }
    Map<String, String> placed = new HashMap<>(); // user -> focus, as the document says
    List<Focus> documentFoci =
        document.focusStates() == null ? List.of() : document.focusStates().foci();
    for (Focus focus : documentFoci) {
      for (Participant participant : focus.participants()) {
        placed.put(participant.entity(), focus.entity());
      }
    }
    Map<String, Boolean> taken = new HashMap<>();
    Predicate<String> takenFocus = focus -> taken.computeIfAbsent(focus, takes::test);
    List<User> documentUsers = document.users() == null ? List.of() : document.users().users();
    boolean full =
        document.state() == ElementState.FULL
            || (document.focusStates() != null
                && document.focusStates().state() == ElementState.FULL);
    List<Focus> foci = new ArrayList<>();
    List<User> changedUsers = new ArrayList<>();
    for (User user : documentUsers) {
      String owner = placed.getOrDefault(user.entity(), focusOf(user.entity()));
      if (user.state() == ElementState.DELETED
          && servedByAnotherThan(owner == null ? sender : owner, user.entity())) {
        // a participant that moved (rejoined elsewhere after its focus died, or was handed over):
        // the old focus's account of it leaving does not remove it from its new focus
        continue;
      }
      if (takenFocus.test(owner == null ? sender : owner)) {
        changedUsers.add(full ? asFull(user) : user);
      }
    }
    for (Focus focus : documentFoci) {
      if (!takenFocus.test(focus.entity())) {
        continue;
      }
      if (!full) {
        foci.add(focus);
        continue;
      }
      foci.add(asFull(focus));
      Focus held = this.foci.get(focus.entity());
      if (held != null) {
        // users this focus served before and its full account no longer lists: they left
        for (Participant before : held.participants()) {
          if (!focus.entity().equals(placed.get(before.entity()))) {
            changedUsers.add(new User(before.entity(), ElementState.DELETED, null, List.of()));
          }
        }
      }
    }
    if (full) {
      // a focus the sender spoke for and no longer lists has left the conference
      Set<String> listed = new HashSet<>();
      documentFoci.forEach(focus -> listed.add(focus.entity()));
      for (Focus held : this.foci.values()) {
        if (!listed.contains(held.entity()) && spokeFor.test(held.entity())) {
          foci.add(new Focus(held.entity(), ElementState.DELETED, null, List.of(), List.of()));
          for (Participant gone : held.participants()) {
            changedUsers.add(new User(gone.entity(), ElementState.DELETED, null, List.of()));
          }
        }
      }
    }
    boolean sameDescription =
        document.description() == null || document.description().equals(description);
    if (foci.isEmpty() && changedUsers.isEmpty() && sameDescription) {
      return null;
    }
    return apply(
        new ConferenceInfo(
            entity,
            0,
            ElementState.PARTIAL,
            document.description(),
            changedUsers.isEmpty() ? null : new Users(ElementState.PARTIAL, changedUsers),
            foci.isEmpty() ? null : new FocusStates(ElementState.PARTIAL, foci)));
  }

  /**
   * Removes {@code focus} and the users it serves, as for a focus found dead (DisCo 4.6's
   * unexpected leave): its element is marked deleted in {@code <focus-states>}. Returns the change
   * to notify, or null when the focus is not held.
   */
  public @Nullable ConferenceInfo removeFocus(String focus) {
    Focus held = foci.get(focus);
    if (held == null) {
      return null;
    }
    List<User> gone = new ArrayList<>();
    for (Participant participant : held.participants()) {
      // one that already joined another focus (it found this one gone first) stays
      if (users.containsKey(participant.entity())
          && !servedByAnotherThan(focus, participant.entity())) {
        gone.add(new User(participant.entity(), ElementState.DELETED, null, List.of()));
      }
    }
    return apply(
        new ConferenceInfo(
            entity,
            0,
            ElementState.PARTIAL,
            null,
            gone.isEmpty() ? null : new Users(ElementState.PARTIAL, gone),
            new FocusStates(
                ElementState.PARTIAL,
                List.of(new Focus(focus, ElementState.DELETED, null, List.of(), List.of())))));
  }

  /**
   * {@code focus}'s partition as held now, as a partial document (its element and its users, each
   * full), for a subscriber that must get it whole; null when the focus is not held.
   */
  public @Nullable ConferenceInfo partition(String focus) {
    Focus held = foci.get(focus);
    if (held == null) {
      return null;
    }
    List<User> served = new ArrayList<>();
    for (Participant participant : held.participants()) {
      User user = users.get(participant.entity());
      if (user != null) {
        served.add(user);
      }
    }
    return new ConferenceInfo(
        entity,
        0,
        ElementState.PARTIAL,
        null,
        served.isEmpty() ? null : new Users(ElementState.PARTIAL, served),
        new FocusStates(ElementState.PARTIAL, List.of(held)));
  }

  /**
   * The part of {@code change} about the partitions {@code keep} accepts (a user belongs to the
   * focus the change or this state places it under); null when nothing is left.
   */
  public @Nullable ConferenceInfo only(ConferenceInfo change, Predicate<String> keep) {
    Map<String, String> placed = new HashMap<>();
    List<Focus> foci = new ArrayList<>();
    if (change.focusStates() != null) {
      for (Focus focus : change.focusStates().foci()) {
        for (Participant participant : focus.participants()) {
          placed.put(participant.entity(), focus.entity());
        }
        if (keep.test(focus.entity())) {
          foci.add(focus);
        }
      }
    }
    List<User> users = new ArrayList<>();
    if (change.users() != null) {
      for (User user : change.users().users()) {
        String owner = placed.getOrDefault(user.entity(), focusOf(user.entity()));
        if (owner == null || keep.test(owner)) {
          users.add(user);
        }
      }
    }
    if (foci.isEmpty() && users.isEmpty() && change.description() == null) {
      return null;
    }
    return new ConferenceInfo(
        change.entity(),
        change.version(),
        change.state(),
        change.description(),
        users.isEmpty() ? null : new Users(change.users().state(), users),
        foci.isEmpty() ? null : new FocusStates(change.focusStates().state(), foci));
  }

  private @Nullable User applyUser(User user) {
    User held = users.get(user.entity());
    switch (user.state()) {
      case DELETED -> {
        return users.remove(user.entity()) == null ? null : user;
      }
      case FULL -> {
        User full = asFull(user);
        if (full.equals(held)) {
          return null;
        }
        users.put(user.entity(), full);
        return user;
      }
      default -> {
        if (held == null) {
          users.put(user.entity(), asFull(user));
          return user;
        }
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        for (Endpoint endpoint : held.endpoints()) {
          endpoints.put(endpoint.entity(), endpoint);
        }
        for (Endpoint endpoint : user.endpoints()) {
          if (endpoint.state() == ElementState.DELETED) {
            endpoints.remove(endpoint.entity());
          } else {
            Endpoint old = endpoints.get(endpoint.entity());
            endpoints.put(
                endpoint.entity(),
                endpoint.state() == ElementState.FULL || old == null
                    ? asFull(endpoint)
                    : merge(old, endpoint));
          }
        }
        User merged =
            new User(
                held.entity(),
                ElementState.FULL,
                user.displayText() != null ? user.displayText() : held.displayText(),
                List.copyOf(endpoints.values()));
        if (merged.equals(held)) {
          return null;
        }
        users.put(user.entity(), merged);
        return user;
      }
    }
  }

  private @Nullable Focus applyFocus(Focus focus) {
    Focus held = foci.get(focus.entity());
    switch (focus.state()) {
      case DELETED -> {
        return foci.remove(focus.entity()) == null ? null : focus;
      }
      case FULL -> {
        Focus full = asFull(focus);
        if (full.equals(held)) {
          return null;
        }
        foci.put(focus.entity(), full);
        return focus;
      }
      default -> {
        if (held == null) {
          foci.put(focus.entity(), asFull(focus));
          return focus;
        }
        Map<String, Participant> participants = new LinkedHashMap<>();
        for (Participant participant : held.participants()) {
          participants.put(participant.entity(), participant);
        }
        for (Participant participant : focus.participants()) {
          if (participant.state() == ElementState.DELETED) {
            participants.remove(participant.entity());
          } else {
            Participant old = participants.get(participant.entity());
            String coordinate =
                participant.coordinate() != null
                    ? participant.coordinate()
                    : old == null ? null : old.coordinate();
            participants.put(
                participant.entity(),
                new Participant(participant.entity(), ElementState.FULL, coordinate));
          }
        }
        Map<String, Graph> graph = new LinkedHashMap<>();
        for (Graph relation : held.graph()) {
          graph.put(relation.refToFocus(), relation);
        }
        for (Graph relation : focus.graph()) {
          if (relation.state() == ElementState.DELETED) {
            graph.remove(relation.refToFocus());
          } else {
            graph.put(relation.refToFocus(), new Graph(relation.refToFocus(), ElementState.FULL));
          }
        }
        Focus merged =
            new Focus(
                held.entity(),
                ElementState.FULL,
                focus.capacity() != null ? focus.capacity() : held.capacity(),
                List.copyOf(participants.values()),
                List.copyOf(graph.values()));
        if (merged.equals(held)) {
          return null;
        }
        foci.put(focus.entity(), merged);
        return focus;
      }
    }
  }

  private static User asFull(User user) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (Endpoint endpoint : user.endpoints()) {
      if (endpoint.state() != ElementState.DELETED) {
        endpoints.add(asFull(endpoint));
      }
    }
    return new User(user.entity(), ElementState.FULL, user.displayText(), endpoints);
  }

  private static Endpoint asFull(Endpoint endpoint) {
    return new Endpoint(
        endpoint.entity(),
        ElementState.FULL,
        endpoint.status(),
        endpoint.joiningMethod(),
        endpoint.media(),
        endpoint.callInfo());
  }

  private static Endpoint merge(Endpoint held, Endpoint update) {
    return new Endpoint(
        held.entity(),
        ElementState.FULL,
        update.status() != null ? update.status() : held.status(),
        update.joiningMethod() != null ? update.joiningMethod() : held.joiningMethod(),
        update.media().isEmpty() ? held.media() : update.media(),
        update.callInfo() != null ? update.callInfo() : held.callInfo());
  }

  private static Focus asFull(Focus focus) {
    List<Participant> participants = new ArrayList<>();
    for (Participant participant : focus.participants()) {
      if (participant.state() != ElementState.DELETED) {
        participants.add(
            new Participant(participant.entity(), ElementState.FULL, participant.coordinate()));
      }
    }
    List<Graph> graph = new ArrayList<>();
    for (Graph relation : focus.graph()) {
      if (relation.state() != ElementState.DELETED) {
        graph.add(new Graph(relation.refToFocus(), ElementState.FULL));
      }
    }
    return new Focus(focus.entity(), ElementState.FULL, focus.capacity(), participants, graph);
  }
}
