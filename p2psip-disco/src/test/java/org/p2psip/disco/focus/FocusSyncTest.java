package org.p2psip.disco.focus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import javax.sip.Dialog;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.p2psip.disco.participant.ParticipantCall;
import org.p2psip.disco.sip.SipEndpoint;
import org.p2psip.disco.state.ConferenceInfo;
import org.p2psip.disco.state.ConferenceInfoXml;
import org.p2psip.disco.state.ElementState;
import org.p2psip.testsupport.FreePorts;
import reactor.core.publisher.Mono;

/**
 * Foci of one conference keeping one state between them over real SIP on loopback (DisCo 5.1, 5.3):
 * the pairwise subscription, a roster every focus and participant agrees on, forwarding through a
 * focus when two foci do not subscribe to each other, a lost notification repaired by a full state,
 * and a garbled one refused without harm.
 */
class FocusSyncTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String CONF = "sip:team@example.org";

  private final List<AutoCloseable> open = new ArrayList<>();
  private final ConferenceInfoXml xml = new ConferenceInfoXml();

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private record Focus(String entity, SipEndpoint sip, FocusAgent agent) {
    String contact() {
      return sip.uri("team", "udp").toString();
    }
  }

  private Focus focus(String name) throws Exception {
    return focus(name, 10);
  }

  private Focus focus(String name, int maxParticipants) throws Exception {
    SipEndpoint sip =
        SipEndpoint.start(SipEndpoint.Settings.of(name, "127.0.0.1", FreePorts.tcpAndUdp()));
    open.add(sip);
    String entity = "sip:" + name + "@example.org";
    FocusAgent agent =
        new FocusAgent(sip, new FocusAgent.Settings(CONF, entity, maxParticipants, "127.0.0.1"));
    open.add(agent);
    return new Focus(entity, sip, agent);
  }

  private ParticipantCall join(String name, Focus focus) throws Exception {
    SipEndpoint sip =
        SipEndpoint.start(SipEndpoint.Settings.of(name, "127.0.0.1", FreePorts.tcpAndUdp()));
    open.add(sip);
    return ParticipantCall.join(
            sip,
            new ParticipantCall.Settings(
                CONF,
                "sip:" + name + "@example.org",
                "127.0.0.1",
                new byte[] {1, 1, 0, 0, 0, 0, 0, 0, 0, 0}),
            focus.contact())
        .block(WAIT);
  }

  /** Who is served by whom, and the users, as a focus or participant holds the state. */
  private static Map<String, Set<String>> roster(ConferenceInfo state) {
    Map<String, Set<String>> roster = new TreeMap<>();
    for (ConferenceInfo.Focus focus : state.focusStates().foci()) {
      Set<String> served = new TreeSet<>();
      focus.participants().forEach(p -> served.add(p.entity()));
      roster.put(focus.entity(), served);
    }
    Set<String> users = new TreeSet<>();
    state.users().users().forEach(u -> users.add(u.entity()));
    roster.put("users", users);
    return roster;
  }

  @Test
  void aFocusAtItsLimitHandsTheCallToAnotherFocusAndKeepsItWhenNoneTakesIt() throws Exception {
    Focus a = focus("a", 1);
    Focus b = focus("b", 10);
    assertThat(a.agent().link(b.entity(), b.contact()).block(WAIT)).isTrue();
    await().atMost(WAIT).until(() -> b.agent().linkedPeers().size() == 1);
    a.agent().delegateWith(coordinate -> Mono.just(b.contact()));
    join("alice", a);

    // a is full: bob's call is answered by a, then handed to b (REFER; INVITE with Replaces)
    ParticipantCall bob = join("bob", a);

    Map<String, Set<String>> expected =
        Map.of(
            a.entity(),
            Set.of("sip:alice@example.org"),
            b.entity(),
            Set.of("sip:bob@example.org"),
            "users",
            Set.of("sip:alice@example.org", "sip:bob@example.org"));
    for (Focus focus : List.of(a, b)) {
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(roster(focus.agent().state())).isEqualTo(expected));
    }
    await().atMost(WAIT).until(() -> bob.focus().contains(":" + b.sip().port("udp")));
    assertThat(a.agent().participants()).isEqualTo(1);
    assertThat(b.agent().participants()).isEqualTo(1);
    // bob's hang-up reaches the focus it is now with
    bob.hangUp().block(WAIT);
    await().atMost(WAIT).until(() -> b.agent().participants() == 0);

    // no focus takes carol: a keeps her beyond its limit rather than refusing
    a.agent().delegateWith(coordinate -> Mono.empty());
    join("carol", a);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(roster(b.agent().state()).get(a.entity()))
                    .containsExactlyInAnyOrder("sip:alice@example.org", "sip:carol@example.org"));
  }

  @Test
  void aLeavingFocusHandsEveryParticipantOverAndThePeersDropItAtOnce() throws Exception {
    Focus a = focus("a");
    Focus b = focus("b");
    Focus c = focus("c");
    assertThat(a.agent().link(b.entity(), b.contact()).block(WAIT)).isTrue();
    assertThat(a.agent().link(c.entity(), c.contact()).block(WAIT)).isTrue();
    assertThat(b.agent().link(c.entity(), c.contact()).block(WAIT)).isTrue();
    await().atMost(WAIT).until(() -> b.agent().linkedPeers().size() == 2);
    ParticipantCall alice = join("alice", a);
    ParticipantCall bob = join("bob", a);
    join("carol", c);
    // alice is closest to b, bob to c (the delegation SDK ranks by coordinate; here, by name)
    a.agent().delegateWith(coordinate -> Mono.just(coordinate == null ? c.contact() : b.contact()));
    await().atMost(WAIT).until(() -> roster(c.agent().state()).get("users").size() == 3);

    long moved = a.agent().leave(WAIT).block(WAIT);

    assertThat(moved).isEqualTo(2);
    Map<String, Set<String>> expected =
        Map.of(
            b.entity(),
            Set.of("sip:alice@example.org", "sip:bob@example.org"),
            c.entity(),
            Set.of("sip:carol@example.org"),
            "users",
            Set.of("sip:alice@example.org", "sip:bob@example.org", "sip:carol@example.org"));
    for (Focus focus : List.of(b, c)) {
      // at once: the peers need not wait to find a gone (7.5 s)
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(roster(focus.agent().state())).isEqualTo(expected));
    }
    assertThat(a.agent().participants()).isZero();
    // the participants' rosters now come from their new focus
    await().atMost(WAIT).untilAsserted(() -> assertThat(roster(alice.state())).isEqualTo(expected));
    assertThat(alice.focus()).contains(":" + b.sip().port("udp"));
    assertThat(bob.ended()).isFalse();
  }

  @Test
  void aFocusRefusesAReferFromOutsideTheConferenceAndAMalformedOne() throws Exception {
    Focus b = focus("b", 10);
    SipEndpoint stranger =
        SipEndpoint.start(SipEndpoint.Settings.of("stranger", "127.0.0.1", FreePorts.tcpAndUdp()));
    open.add(stranger);
    Referral referral =
        new Referral("sip:eve@example.org", "sip:eve@127.0.0.1:9", "call-1@x", "tag-e", "tag-f");
    javax.sip.message.Request refer =
        stranger.request(
            "REFER", b.contact(), "<sip:mallory@example.org>", "<" + CONF + ">", null, null, null);
    refer.addHeader(referral.referTo(stranger));
    assertThat(stranger.send(refer).block(WAIT).status()).isEqualTo(403);

    javax.sip.message.Request bare =
        stranger.request(
            "REFER", b.contact(), "<sip:mallory@example.org>", "<" + CONF + ">", null, null, null);
    assertThat(stranger.send(bare).block(WAIT).status()).isEqualTo(400);
    assertThat(b.agent().participants()).isZero();
  }

  @Test
  void aFocusThatStopsAnsweringIsFoundGoneWithinTenSecondsAndItsParticipantsRemoved()
      throws Exception {
    Focus a = focus("a");
    Focus b = focus("b");
    Focus c = focus("c");
    assertThat(a.agent().link(b.entity(), b.contact()).block(WAIT)).isTrue();
    assertThat(a.agent().link(c.entity(), c.contact()).block(WAIT)).isTrue();
    assertThat(b.agent().link(c.entity(), c.contact()).block(WAIT)).isTrue();
    await().atMost(WAIT).until(() -> b.agent().linkedPeers().size() == 2);
    join("alice", a);
    join("bob", b);
    for (Focus focus : List.of(a, c)) {
      await()
          .atMost(WAIT)
          .until(() -> roster(focus.agent().state()).get("users").contains("sip:bob@example.org"));
    }
    List<String> lostAtA = new CopyOnWriteArrayList<>();
    a.agent().lostPeers().subscribe(lostAtA::add);

    // b dies: its SIP agent stops, it answers nothing more (its agent never says goodbye)
    b.sip().close();
    long died = System.nanoTime();

    Map<String, Set<String>> expected =
        Map.of(
            a.entity(),
            Set.of("sip:alice@example.org"),
            c.entity(),
            Set.of(),
            "users",
            Set.of("sip:alice@example.org"));
    for (Focus focus : List.of(a, c)) {
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(100))
          .untilAsserted(() -> assertThat(roster(focus.agent().state())).isEqualTo(expected));
    }
    System.out.printf(
        "a dead focus was removed at both others %.1f s after it stopped%n",
        (System.nanoTime() - died) / 1e9);
    assertThat(lostAtA).containsExactly(b.entity());
    assertThat(a.agent().linkedPeers()).containsExactly(c.entity());
    // the graph entries to b are gone too
    assertThat(a.agent().state().focusStates().foci())
        .allSatisfy(f -> assertThat(f.graph()).noneMatch(g -> g.refToFocus().equals(b.entity())));
  }

  @Test
  void fociOfAFullMeshAndTheirParticipantsAgreeOnOneRoster() throws Exception {
    Focus a = focus("a");
    Focus b = focus("b");
    Focus c = focus("c");
    assertThat(a.agent().link(b.entity(), b.contact()).block(WAIT)).isTrue();
    assertThat(a.agent().link(c.entity(), c.contact()).block(WAIT)).isTrue();
    assertThat(b.agent().link(c.entity(), c.contact()).block(WAIT)).isTrue();
    // the peers completed each pairwise subscription by subscribing back (Figure 6, step 8)
    await().atMost(WAIT).until(() -> c.agent().linkedPeers().size() == 2);
    await().atMost(WAIT).until(() -> b.agent().linkedPeers().size() == 2);

    ParticipantCall alice = join("alice", a);
    ParticipantCall bob = join("bob", b);
    join("carol", c);
    join("dave", a);

    Map<String, Set<String>> expected =
        Map.of(
            a.entity(),
            Set.of("sip:alice@example.org", "sip:dave@example.org"),
            b.entity(),
            Set.of("sip:bob@example.org"),
            c.entity(),
            Set.of("sip:carol@example.org"),
            "users",
            Set.of(
                "sip:alice@example.org",
                "sip:bob@example.org",
                "sip:carol@example.org",
                "sip:dave@example.org"));
    for (Focus focus : List.of(a, b, c)) {
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(roster(focus.agent().state())).isEqualTo(expected));
    }
    await().atMost(WAIT).untilAsserted(() -> assertThat(roster(alice.state())).isEqualTo(expected));
    // each focus's graph names the two others
    assertThat(a.agent().state().focusStates().foci())
        .allSatisfy(f -> assertThat(f.graph()).hasSize(2));

    bob.hangUp().block(WAIT);
    for (Focus focus : List.of(a, b, c)) {
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(roster(focus.agent().state()).get("users"))
                      .doesNotContain("sip:bob@example.org")
                      .hasSize(3));
    }
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(roster(alice.state()).get(b.entity())).isEmpty());
  }

  @Test
  void fociLinkingToEachOtherAllAtOnceEndUpInOneFullMesh() throws Exception {
    List<Focus> foci = List.of(focus("a"), focus("b"), focus("c"));
    reactor.core.publisher.Flux.fromIterable(foci)
        .flatMap(
            from ->
                reactor.core.publisher.Flux.fromIterable(foci)
                    .filter(to -> to != from)
                    .flatMap(to -> from.agent().link(to.entity(), to.contact())))
        .collectList()
        .block(WAIT);
    for (Focus focus : foci) {
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> assertThat(focus.agent().linkedPeers()).as(focus.entity()).hasSize(2));
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(focus.agent().state().focusStates().foci()).hasSize(3));
    }
  }

  @Test
  void aFocusBetweenTwoOthersForwardsWhatTheyCannotSeeFirstHand() throws Exception {
    Focus a = focus("a");
    Focus b = focus("b");
    Focus c = focus("c");
    assertThat(a.agent().link(b.entity(), b.contact()).block(WAIT)).isTrue();
    assertThat(b.agent().link(c.entity(), c.contact()).block(WAIT)).isTrue();
    await().atMost(WAIT).until(() -> b.agent().linkedPeers().size() == 2);

    join("alice", a);
    ParticipantCall carol = join("carol", c);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(roster(a.agent().state()).get(c.entity()))
                    .containsExactly("sip:carol@example.org"));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(roster(c.agent().state()).get(a.entity()))
                    .containsExactly("sip:alice@example.org"));
    assertThat(a.agent().linkedPeers()).containsExactly(b.entity());
    assertThat(c.agent().linkedPeers()).containsExactly(b.entity());

    carol.hangUp().block(WAIT);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(roster(a.agent().state()).get("users"))
                    .containsExactly("sip:alice@example.org"));
  }

  /**
   * A peer focus played by a bare SIP agent of the test: it notifies versions 1, 2 and 4; the focus
   * notices that 3 is missing, subscribes again, and takes the full state that answers it.
   */
  @Test
  void aLostNotificationIsRepairedByAFullStateAndAGarbledOneChangesNothing() throws Exception {
    Focus a = focus("a");
    SipEndpoint peer =
        SipEndpoint.start(SipEndpoint.Settings.of("peer", "127.0.0.1", FreePorts.tcpAndUdp()));
    open.add(peer);
    String peerEntity = "sip:peer@example.org";
    AtomicReference<Dialog> dialog = new AtomicReference<>();
    List<String> subscribes = new CopyOnWriteArrayList<>();
    List<Integer> answers = new CopyOnWriteArrayList<>();
    peer.onRequest(
        request -> {
          if (request.method().equals(Request.SUBSCRIBE)) {
            String from = request.request().getHeader("From").toString();
            if (from.contains("sip:a@example.org")) {
              subscribes.add(request.request().getHeader("Call-ID").toString());
              Response ok = request.response(Response.OK);
              ok.addHeader(peer.contact("team", "udp"));
              try {
                // a notifier may shorten a subscription, never lengthen it (the stack checks)
                ok.addHeader(request.request().getExpires());
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
              return request
                  .respond(ok)
                  .then(
                      reactor.core.publisher.Mono.fromRunnable(
                          () -> dialog.compareAndSet(null, request.dialog())));
            }
          }
          return request.respond(Response.OK); // the focus's own NOTIFYs to this peer
        });
    assertThat(a.agent().link(peerEntity, peer.uri("team", "udp").toString()).block(WAIT)).isTrue();
    await().atMost(WAIT).until(() -> dialog.get() != null);

    notify(peer, dialog.get(), state(1, ElementState.FULL, "sip:p1@example.org"), answers);
    notify(peer, dialog.get(), state(2, ElementState.PARTIAL, "sip:p2@example.org"), answers);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(roster(a.agent().state()).get(peerEntity))
                    .containsExactly("sip:p1@example.org", "sip:p2@example.org"));

    // version 3 never arrives
    notify(peer, dialog.get(), state(4, ElementState.PARTIAL, "sip:p4@example.org"), answers);
    await().atMost(WAIT).until(() -> subscribes.size() == 2);
    assertThat(roster(a.agent().state()).get(peerEntity)).doesNotContain("sip:p4@example.org");
    notify(
        peer,
        dialog.get(),
        state(
            5,
            ElementState.FULL,
            "sip:p1@example.org",
            "sip:p2@example.org",
            "sip:p3@example.org",
            "sip:p4@example.org"),
        answers);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(roster(a.agent().state()).get(peerEntity))
                    .containsExactly(
                        "sip:p1@example.org",
                        "sip:p2@example.org",
                        "sip:p3@example.org",
                        "sip:p4@example.org"));

    Map<String, Set<String>> before = roster(a.agent().state());
    Request garbled = peer.inDialog(dialog.get(), Request.NOTIFY);
    addNotifyHeaders(peer, garbled);
    peer.setBody(
        garbled,
        "<conference-info xmlns=\"urn:ietf:params:xml:ns:conference-info\" entity=\"x\"><oops/>"
            .getBytes(StandardCharsets.UTF_8),
        ConferenceInfoXml.DISTRIBUTED_CONFERENCE_INFO_TYPE);
    assertThat(peer.send(garbled, dialog.get()).block(WAIT).status()).isEqualTo(400);
    assertThat(roster(a.agent().state())).isEqualTo(before);
    assertThat(answers).containsOnly(200);
  }

  private ConferenceInfo state(long version, ElementState kind, String... served) {
    List<ConferenceInfo.User> users = new ArrayList<>();
    List<ConferenceInfo.Participant> participants = new ArrayList<>();
    for (String user : served) {
      users.add(new ConferenceInfo.User(user, ElementState.FULL, null, List.of()));
      participants.add(new ConferenceInfo.Participant(user, ElementState.FULL, null));
    }
    return new ConferenceInfo(
        CONF,
        version,
        kind,
        null,
        new ConferenceInfo.Users(kind, users),
        new ConferenceInfo.FocusStates(
            kind,
            List.of(
                new ConferenceInfo.Focus(
                    "sip:peer@example.org", kind, null, participants, List.of()))));
  }

  private void notify(
      SipEndpoint peer, Dialog dialog, ConferenceInfo document, List<Integer> answers) {
    Request notify = peer.inDialog(dialog, Request.NOTIFY);
    addNotifyHeaders(peer, notify);
    peer.setBody(notify, xml.write(document), ConferenceInfoXml.DISTRIBUTED_CONFERENCE_INFO_TYPE);
    answers.add(peer.send(notify, dialog).block(WAIT).status());
  }

  private static void addNotifyHeaders(SipEndpoint peer, Request notify) {
    try {
      notify.addHeader(peer.headers().createEventHeader("conference"));
      SubscriptionStateHeader active =
          peer.headers().createSubscriptionStateHeader(SubscriptionStateHeader.ACTIVE);
      active.setExpires(600);
      notify.addHeader(active);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
