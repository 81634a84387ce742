package org.p2psip.disco.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2psip.disco.state.ConferenceInfo.Capacity;
import org.p2psip.disco.state.ConferenceInfo.Endpoint;
import org.p2psip.disco.state.ConferenceInfo.Focus;
import org.p2psip.disco.state.ConferenceInfo.FocusStates;
import org.p2psip.disco.state.ConferenceInfo.Participant;
import org.p2psip.disco.state.ConferenceInfo.User;
import org.p2psip.disco.state.ConferenceInfo.Users;
import org.p2psip.disco.state.NotificationVersions.Verdict;

/**
 * RFC 4575 4.6's application rules on a focus's conference state, the changed part returned for
 * forwarding and nothing for a duplicate (DisCo 5.3), and the version rule of one subscription.
 */
class ConferenceStateTest {

  private static final String CONF = "sip:conf@example.org";

  private static User user(String entity, ElementState state, String status) {
    return new User(
        entity,
        state,
        null,
        state == ElementState.DELETED
            ? List.of()
            : List.of(
                new Endpoint(entity, ElementState.FULL, status, "dialed-in", List.of(), null)));
  }

  private static ConferenceInfo partial(List<User> users, List<Focus> foci) {
    return new ConferenceInfo(
        CONF,
        0,
        ElementState.PARTIAL,
        null,
        users.isEmpty() ? null : new Users(ElementState.PARTIAL, users),
        foci.isEmpty() ? null : new FocusStates(ElementState.PARTIAL, foci));
  }

  private static Focus focus(String entity, ElementState state, Participant... served) {
    return new Focus(entity, state, new Capacity(10, 4), List.of(served), List.of());
  }

  private static Participant served(String entity, ElementState state) {
    return new Participant(entity, state, null);
  }

  @Test
  void aJoinNotifiedByAnotherFocusIsAppliedOnceAndItsDuplicateChangesNothing() {
    ConferenceState state = new ConferenceState(CONF, null);
    ConferenceInfo join =
        partial(
            List.of(user("sip:carol@example.org", ElementState.FULL, "connected")),
            List.of(
                focus(
                    "sip:bob@example.org",
                    ElementState.PARTIAL,
                    served("sip:carol@example.org", ElementState.FULL))));

    ConferenceInfo changed = state.apply(join);
    assertThat(changed).isNotNull();
    assertThat(changed.users().users())
        .extracting(User::entity)
        .containsExactly("sip:carol@example.org");
    assertThat(state.focusOf("sip:carol@example.org")).isEqualTo("sip:bob@example.org");

    assertThat(state.apply(join)).as("the same notification again: nothing to forward").isNull();
  }

  @Test
  void aLeaveRemovesTheUserAndTheParticipantOfItsFocus() {
    ConferenceState state = new ConferenceState(CONF, null);
    state.apply(
        partial(
            List.of(user("sip:carol@example.org", ElementState.FULL, "connected")),
            List.of(
                focus(
                    "sip:bob@example.org",
                    ElementState.FULL,
                    served("sip:carol@example.org", ElementState.FULL),
                    served("sip:dave@example.org", ElementState.FULL)))));

    ConferenceInfo changed =
        state.apply(
            partial(
                List.of(user("sip:carol@example.org", ElementState.DELETED, null)),
                List.of(
                    focus(
                        "sip:bob@example.org",
                        ElementState.PARTIAL,
                        served("sip:carol@example.org", ElementState.DELETED)))));

    assertThat(changed).isNotNull();
    assertThat(state.users()).doesNotContainKey("sip:carol@example.org");
    assertThat(state.foci().get("sip:bob@example.org").participants())
        .extracting(Participant::entity)
        .containsExactly("sip:dave@example.org");
    assertThat(state.focusOf("sip:carol@example.org")).isNull();
  }

  @Test
  void aPartialEndpointMergesIntoWhatIsHeld() {
    ConferenceState state = new ConferenceState(CONF, null);
    state.apply(
        partial(List.of(user("sip:carol@example.org", ElementState.FULL, "connected")), List.of()));
    User onHold =
        new User(
            "sip:carol@example.org",
            ElementState.PARTIAL,
            null,
            List.of(
                new Endpoint(
                    "sip:carol@example.org",
                    ElementState.PARTIAL,
                    "on-hold",
                    null,
                    List.of(),
                    null)));

    state.apply(partial(List.of(onHold), List.of()));

    Endpoint endpoint = state.users().get("sip:carol@example.org").endpoints().get(0);
    assertThat(endpoint.status()).isEqualTo("on-hold");
    assertThat(endpoint.joiningMethod()).as("kept from the full element").isEqualTo("dialed-in");
  }

  @Test
  void aFullDocumentReplacesEverythingAndWritesBackEqual() {
    ConferenceState state = new ConferenceState(CONF, null);
    state.apply(
        partial(List.of(user("sip:old@example.org", ElementState.FULL, "connected")), List.of()));
    ConferenceInfo full = ConferenceInfoXmlTest.sample();
    ConferenceInfo sameConference =
        new ConferenceInfo(
            CONF, 1, ElementState.FULL, full.description(), full.users(), full.focusStates());

    assertThat(state.apply(sameConference)).isNotNull();
    assertThat(state.users()).doesNotContainKey("sip:old@example.org");
    // the deleted participant of the sample is not held; the rest is
    assertThat(state.foci().get("sip:bob@example.org").participants())
        .extracting(Participant::entity)
        .containsExactly("sip:alice@example.org");
    ConferenceInfo written = state.full(9);
    assertThat(new ConferenceInfoXml().read(new ConferenceInfoXml().write(written)))
        .isEqualTo(written);
    assertThat(state.apply(written)).as("its own full state changes nothing").isNull();
  }

  @Test
  void aDocumentOfAnotherConferenceIsRefused() {
    ConferenceState state = new ConferenceState(CONF, null);
    assertThatThrownBy(
            () ->
                state.apply(
                    new ConferenceInfo(
                        "sip:other@example.org", 1, ElementState.FULL, null, null, null)))
        .isInstanceOf(InvalidConferenceInfo.class);
  }

  @Test
  void versionsMustRiseByOneAfterAFullDocument() {
    NotificationVersions versions = new NotificationVersions();
    assertThat(versions.check(doc(3, ElementState.PARTIAL)))
        .as("partial first")
        .isEqualTo(Verdict.GAP);
    assertThat(versions.check(doc(5, ElementState.FULL))).isEqualTo(Verdict.APPLY);
    assertThat(versions.check(doc(6, ElementState.PARTIAL))).isEqualTo(Verdict.APPLY);
    assertThat(versions.check(doc(6, ElementState.PARTIAL))).isEqualTo(Verdict.DUPLICATE);
    assertThat(versions.check(doc(4, ElementState.PARTIAL))).isEqualTo(Verdict.DUPLICATE);
    assertThat(versions.check(doc(8, ElementState.PARTIAL)))
        .as("7 was lost")
        .isEqualTo(Verdict.GAP);
    assertThat(versions.last()).isEqualTo(6);
    assertThat(versions.check(doc(9, ElementState.FULL)))
        .as("the refresh")
        .isEqualTo(Verdict.APPLY);
    assertThat(versions.check(doc(10, ElementState.PARTIAL))).isEqualTo(Verdict.APPLY);
  }

  private static ConferenceInfo doc(long version, ElementState state) {
    return new ConferenceInfo(CONF, version, state, null, null, null);
  }

  private static ConferenceInfo full(List<User> users, List<Focus> foci) {
    return new ConferenceInfo(
        CONF,
        7,
        ElementState.FULL,
        null,
        new Users(ElementState.FULL, users),
        new FocusStates(ElementState.FULL, foci));
  }

  @Test
  void aPeersFullStateReplacesOnlyThePartitionsTakenFromItAndNeverThisFocussOwn() {
    ConferenceState state = new ConferenceState(CONF, null);
    String self = "sip:a@example.org";
    String peer = "sip:b@example.org";
    String third = "sip:c@example.org";
    state.apply(
        partial(
            List.of(user("sip:alice@example.org", ElementState.FULL, "connected")),
            List.of(
                focus(
                    self, ElementState.FULL, served("sip:alice@example.org", ElementState.FULL)))));
    state.applyFrom(
        third,
        partial(
            List.of(user("sip:carol@example.org", ElementState.FULL, "connected")),
            List.of(
                focus(
                    third, ElementState.FULL, served("sip:carol@example.org", ElementState.FULL)))),
        focus -> !focus.equals(self),
        focus -> !focus.equals(self));
    state.applyFrom(
        peer,
        partial(
            List.of(user("sip:bob@example.org", ElementState.FULL, "connected")),
            List.of(
                focus(peer, ElementState.FULL, served("sip:bob@example.org", ElementState.FULL)))),
        focus -> !focus.equals(self),
        focus -> !focus.equals(self));

    // the peer's full state: bob has left it, dave joined it; its (stale) view of this focus and
    // of the third one lists nobody
    ConferenceInfo change =
        state.applyFrom(
            peer,
            full(
                List.of(user("sip:dave@example.org", ElementState.FULL, "connected")),
                List.of(
                    focus(self, ElementState.FULL),
                    focus(third, ElementState.FULL),
                    focus(
                        peer,
                        ElementState.FULL,
                        served("sip:dave@example.org", ElementState.FULL)))),
            focus -> focus.equals(peer),
            focus -> focus.equals(peer)); // the third focus is subscribed to directly

    assertThat(state.users().keySet())
        .containsExactlyInAnyOrder(
            "sip:alice@example.org", "sip:carol@example.org", "sip:dave@example.org");
    assertThat(state.focusOf("sip:alice@example.org")).isEqualTo(self);
    assertThat(state.focusOf("sip:carol@example.org")).isEqualTo(third);
    assertThat(state.focusOf("sip:dave@example.org")).isEqualTo(peer);
    assertThat(change.users().users())
        .extracting(User::entity, User::state)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("sip:dave@example.org", ElementState.FULL),
            org.assertj.core.groups.Tuple.tuple("sip:bob@example.org", ElementState.DELETED));
    assertThat(change.focusStates().foci()).extracting(Focus::entity).containsExactly(peer);

    // the same full state again changes nothing, so nothing is forwarded
    assertThat(
            state.applyFrom(
                peer,
                full(
                    List.of(user("sip:dave@example.org", ElementState.FULL, "connected")),
                    List.of(
                        focus(
                            peer,
                            ElementState.FULL,
                            served("sip:dave@example.org", ElementState.FULL)))),
                focus -> focus.equals(peer),
                focus -> focus.equals(peer)))
        .isNull();
  }

  @Test
  void aFocusThatTheOnlyNeighbourTellingOfItNoLongerListsHasLeftWithItsParticipants() {
    ConferenceState state = new ConferenceState(CONF, null);
    String peer = "sip:b@example.org";
    String beyond = "sip:c@example.org";
    state.applyFrom(
        peer,
        full(
            List.of(user("sip:carol@example.org", ElementState.FULL, "connected")),
            List.of(
                focus(peer, ElementState.FULL),
                focus(
                    beyond,
                    ElementState.FULL,
                    served("sip:carol@example.org", ElementState.FULL)))),
        focus -> true,
        focus -> true);
    assertThat(state.foci()).containsKey(beyond);
    state.applyFrom(
        peer,
        full(List.of(), List.of(focus(peer, ElementState.FULL))),
        focus -> true,
        focus -> true);
    assertThat(state.foci()).containsOnlyKeys(peer);
    assertThat(state.users()).isEmpty();
  }

  @Test
  void aFocusFoundDeadIsMarkedDeletedWithTheUsersItServed() {
    ConferenceState state = new ConferenceState(CONF, null);
    state.apply(
        partial(
            List.of(
                user("sip:carol@example.org", ElementState.FULL, "connected"),
                user("sip:dave@example.org", ElementState.FULL, "connected")),
            List.of(
                focus(
                    "sip:alice@example.org",
                    ElementState.FULL,
                    served("sip:carol@example.org", ElementState.FULL)),
                focus(
                    "sip:bob@example.org",
                    ElementState.FULL,
                    served("sip:dave@example.org", ElementState.FULL)))));

    ConferenceInfo change = state.removeFocus("sip:bob@example.org");

    assertThat(change.focusStates().foci())
        .singleElement()
        .satisfies(
            gone -> {
              assertThat(gone.entity()).isEqualTo("sip:bob@example.org");
              assertThat(gone.state()).isEqualTo(ElementState.DELETED);
            });
    assertThat(change.users().users())
        .extracting(User::entity, User::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("sip:dave@example.org", ElementState.DELETED));
    assertThat(state.foci()).containsOnlyKeys("sip:alice@example.org");
    assertThat(state.users()).containsOnlyKeys("sip:carol@example.org");
    assertThat(state.removeFocus("sip:bob@example.org")).isNull();
  }

  @Test
  void aParticipantThatMovedIsNotRemovedByItsOldFocusSayingItLeft() {
    ConferenceState state = new ConferenceState(CONF, null);
    // dave rejoined at alice after bob stopped answering
    state.apply(
        partial(
            List.of(user("sip:dave@example.org", ElementState.FULL, "connected")),
            List.of(
                focus(
                    "sip:alice@example.org",
                    ElementState.FULL,
                    served("sip:dave@example.org", ElementState.FULL)))));

    // bob's late account: dave left bob
    ConferenceInfo late =
        state.applyFrom(
            "sip:bob@example.org",
            partial(
                List.of(user("sip:dave@example.org", ElementState.DELETED, null)),
                List.of(
                    focus(
                        "sip:bob@example.org",
                        ElementState.PARTIAL,
                        served("sip:dave@example.org", ElementState.DELETED)))),
            focus -> true,
            focus -> true);

    assertThat(state.users()).containsOnlyKeys("sip:dave@example.org");
    assertThat(state.focusOf("sip:dave@example.org")).isEqualTo("sip:alice@example.org");
    assertThat(late == null || late.users() == null).isTrue();
  }

  @Test
  void aDeadFocusTakesNoParticipantAlongThatAlreadyJoinedAnotherFocus() {
    ConferenceState state = new ConferenceState(CONF, null);
    // dave found bob gone and joined alice before this focus found bob gone
    state.apply(
        partial(
            List.of(user("sip:dave@example.org", ElementState.FULL, "connected")),
            List.of(
                focus(
                    "sip:bob@example.org",
                    ElementState.FULL,
                    served("sip:dave@example.org", ElementState.FULL)),
                focus(
                    "sip:alice@example.org",
                    ElementState.FULL,
                    served("sip:dave@example.org", ElementState.FULL)))));

    ConferenceInfo change = state.removeFocus("sip:bob@example.org");

    assertThat(change.users()).isNull();
    assertThat(state.users()).containsOnlyKeys("sip:dave@example.org");
    assertThat(state.focusOf("sip:dave@example.org")).isEqualTo("sip:alice@example.org");
  }
}
