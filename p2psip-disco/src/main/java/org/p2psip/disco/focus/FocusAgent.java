package org.p2psip.disco.focus;

import gov.nist.javax.sip.header.HeaderFactoryExt;
import java.net.InetSocketAddress;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.address.SipURI;
import javax.sip.header.AcceptHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jspecify.annotations.Nullable;
import org.p2psip.disco.media.ConferenceMedia;
import org.p2psip.disco.media.MediaLeg;
import org.p2psip.disco.sdp.AudioSdp;
import org.p2psip.disco.sdp.InvalidSdp;
import org.p2psip.disco.sip.CoordParameter;
import org.p2psip.disco.sip.SipEndpoint;
import org.p2psip.disco.sip.SipEndpoint.Incoming;
import org.p2psip.disco.sip.SipFailure;
import org.p2psip.disco.sip.SipTimeout;
import org.p2psip.disco.sip.SipUris;
import org.p2psip.disco.state.ConferenceInfo;
import org.p2psip.disco.state.ConferenceInfo.AvailableMedia;
import org.p2psip.disco.state.ConferenceInfo.Capacity;
import org.p2psip.disco.state.ConferenceInfo.Description;
import org.p2psip.disco.state.ConferenceInfo.Endpoint;
import org.p2psip.disco.state.ConferenceInfo.Focus;
import org.p2psip.disco.state.ConferenceInfo.FocusStates;
import org.p2psip.disco.state.ConferenceInfo.Media;
import org.p2psip.disco.state.ConferenceInfo.Participant;
import org.p2psip.disco.state.ConferenceInfo.SipDialog;
import org.p2psip.disco.state.ConferenceInfo.User;
import org.p2psip.disco.state.ConferenceInfo.Users;
import org.p2psip.disco.state.ConferenceInfoXml;
import org.p2psip.disco.state.ConferenceState;
import org.p2psip.disco.state.ElementState;
import org.p2psip.disco.state.InvalidConferenceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * A focus of one distributed conference (DisCo 3.3, 4.4, 5.1): answers INVITEs to the conference
 * with a G.711 audio answer, records each participant (with the coordinate of its Contact's {@code
 * coord} parameter) in the conference state, ends calls on BYE, and serves subscriptions to the
 * conference event package (RFC 4575): a full document first, then every change as a partial one,
 * versions rising by one per notification on each subscription.
 *
 * <p>All state is touched on one thread at a time: the handler runs on SIP threads, so each request
 * takes this agent's monitor for the (short, non-blocking) state change; sending happens after.
 */
public final class FocusAgent implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FocusAgent.class);

  /** The event package of RFC 4575; DisCo's figure 6 calls it "disco", accepted as a synonym. */
  public static final String EVENT = "conference";

  static final String EVENT_SYNONYM = "disco";

  /** Subscriptions last this long unless the SUBSCRIBE asks for less (RFC 4575: 1 hour). */
  static final int DEFAULT_EXPIRES = 3600;

  /** Shorter subscriptions are refused 423 (RFC 6665 4.2.1.1's Min-Expires). */
  static final int MIN_EXPIRES = 10;

  /** At most this many subscriptions at once; more are refused 503 (each costs NOTIFYs). */
  static final int MAX_SUBSCRIPTIONS = 1_000;

  private static final Duration EXPIRY_CHECK = Duration.ofSeconds(5);

  /** A peer that accepted a subscription but sent no full state this long is asked again. */
  static final Duration STATE_PATIENCE = Duration.ofSeconds(8);

  /** What this focus asks of its peers for its own subscriptions to them, in seconds. */
  static final int LINK_EXPIRES = 120;

  /**
   * How often a linked peer focus is asked whether it is alive (an OPTIONS). {@link #PEER_MISSES}
   * unanswered in a row and it is taken for dead (DisCo 4.6's unexpected leave): found at most
   * {@code PEER_CHECK * PEER_MISSES + PEER_ANSWER} after it stopped, 7.5 s (the bound: 10).
   */
  static final Duration PEER_CHECK = Duration.ofSeconds(2);

  /**
   * How long an answer to one liveness OPTIONS is waited for: less than a round, so none is
   * skipped.
   */
  static final Duration PEER_ANSWER = Duration.ofMillis(1500);

  static final int PEER_MISSES = 3;

  /** How long a focus found gone is not learnt of second-hand. */
  static final Duration GONE_MEMORY = Duration.ofSeconds(LINK_EXPIRES);

  /**
   * @param conference the conference URI ({@code sip:conf@example.org})
   * @param focus this focus's AoR, its entity in the state
   * @param maxParticipants calls beyond this many are refused 486 (delegation: a later step)
   * @param mediaAddress the address its RTP sockets bind to and its SDP names
   */
  public record Settings(
      String conference, String focus, int maxParticipants, String mediaAddress) {}

  /**
   * A call this focus is in; {@code listed} when its participant is in the conference state as this
   * focus's (a call taken only to be handed over, DisCo 5.2, is not).
   */
  private record Call(
      String participant,
      MediaLeg media,
      boolean listed,
      Referral referral,
      byte @Nullable [] coordinate) {

    Call asListed() {
      return new Call(participant, media, true, referral, coordinate);
    }
  }

  /**
   * Where a call this focus has no room for goes (DisCo 5.2): the SIP target of the focus best
   * placed for a joiner at {@code coordinate} (PROTOCOL.md 4.2 bytes, or null), or empty when no
   * focus can take it.
   */
  @FunctionalInterface
  public interface Delegation {
    Mono<String> target(byte @Nullable [] coordinate);
  }

  private final SipEndpoint sip;
  private final Settings settings;
  private final ConferenceInfoXml xml = new ConferenceInfoXml();
  private final ConferenceState state;
  private final Map<String, Call> calls = new LinkedHashMap<>(); // by Call-ID
  private final ConferenceMedia media;
  private final FocusRelays relays;
  private final Map<String, Subscription> subscribers = new LinkedHashMap<>(); // by Call-ID
  private final Map<String, PeerLink> links = new LinkedHashMap<>(); // by peer focus
  private final Map<String, PeerLink> linksByCallId = new HashMap<>();
  // a focus this one has no subscription to: the neighbour whose forwarding of it is taken
  private final Map<String, String> routes = new HashMap<>();
  // foci found gone or that left, until when: no neighbour's (possibly stale) account of them is
  // taken meanwhile, only their own, should they come back and link again
  private final Map<String, Long> gone = new HashMap<>();
  private final Disposable expiry;
  private final Disposable liveness;
  private final Sinks.Many<ConferenceInfo> changes = Sinks.many().replay().latest();
  private final Sinks.Many<String> lostPeers = Sinks.many().multicast().directBestEffort();
  private volatile @Nullable Delegation delegation;
  // calls answered only to be handed over, waiting for the joiner's ACK: what to do then
  private final Map<String, Runnable> awaitingAck = new HashMap<>();
  // DisCo 4.4's writing permission: what an INFO carries to each participant over TLS, once its
  // ACK is in (null: not passed on), and the dialogs of the calls waiting for that ACK
  private byte @Nullable [] focusRights;
  private final Map<String, Dialog> awaitingRights = new HashMap<>();

  /** How long a call to hand over waits for its ACK before it is handed over anyway. */
  private static final Duration ACK_PATIENCE = Duration.ofSeconds(4);

  private final String conferenceUser;

  public FocusAgent(SipEndpoint sip, Settings settings) {
    this.sip = sip;
    this.settings = settings;
    this.conferenceUser = SipUris.userOf(settings.conference(), settings.conference());
    this.media = new ConferenceMedia(settings.mediaAddress());
    this.relays =
        new FocusRelays(
            sip,
            media,
            settings.focus(),
            settings.conference(),
            conferenceUser,
            settings.mediaAddress());
    this.state =
        new ConferenceState(
            settings.conference(),
            new Description(null, null, List.of(new AvailableMedia("audio", "audio", "sendrecv"))));
    state.apply(
        ownFocus(
            new Focus(
                settings.focus(),
                ElementState.FULL,
                new Capacity(settings.maxParticipants(), null),
                List.of(),
                List.of())));
    this.expiry =
        Flux.interval(EXPIRY_CHECK, EXPIRY_CHECK).subscribe(tick -> expireSubscriptions());
    this.liveness = Flux.interval(PEER_CHECK, PEER_CHECK).subscribe(tick -> checkPeers());
    sip.onRequest(this::handle);
  }

  /** The conference state as this focus holds it now, a full document. */
  public synchronized ConferenceInfo state() {
    return state.full(0);
  }

  /** The whole state after each change (the latest one first to a new subscriber). */
  public Flux<ConferenceInfo> changes() {
    return changes.asFlux();
  }

  /**
   * The peer foci found dead (no answer to {@link #PEER_MISSES} OPTIONS in a row): each already
   * removed from the state, with its participants, and its removal notified.
   */
  public Flux<String> lostPeers() {
    return lostPeers.asFlux();
  }

  /**
   * Hands calls beyond {@code max-participants} over to the focus {@code delegation} names (DisCo
   * 5.2) instead of refusing them 486: the joiner is answered, then the chosen focus is asked by a
   * REFER to take the call over (an INVITE replacing this one, RFC 3891). When no focus takes it,
   * this focus keeps the call beyond its limit: a joiner never hears busy.
   */
  public void delegateWith(Delegation delegation) {
    this.delegation = delegation;
  }

  /** How many calls this focus is in. */
  public synchronized int participants() {
    return calls.size();
  }

  private Mono<Void> handle(Incoming request) {
    return switch (request.method()) {
      case Request.INVITE -> invite(request);
      case Request.ACK -> acknowledged(request);
      case Request.BYE -> bye(request);
      case Request.SUBSCRIBE -> subscribe(request);
      case Request.NOTIFY -> notified(request);
      case Request.OPTIONS -> request.respond(Response.OK);
      case Request.CANCEL -> request.respond(Response.OK);
      case Request.REFER -> referred(request);
      default -> request.respond(Response.METHOD_NOT_ALLOWED);
    };
  }

  private Mono<Void> invite(Incoming request) {
    Request invite = request.request();
    if (!forThisConference(invite)) {
      return request.respond(Response.NOT_FOUND);
    }
    if (FocusRelays.fromFocus(invite) && !calls.containsKey(callId(invite))) {
      return relays.answer(request, this::knowsFocus); // a peer focus's audio, not a participant
    }
    AudioSdp.Offer offer;
    try {
      byte[] body = invite.getRawContent();
      if (body == null) {
        return request.respond(Response.NOT_ACCEPTABLE_HERE);
      }
      offer = AudioSdp.parse(body);
    } catch (InvalidSdp e) {
      LOG.info("{}: INVITE refused: {}", settings.focus(), e.getMessage());
      return request.respond(Response.BAD_REQUEST);
    }
    Integer codec = AudioSdp.choose(offer);
    if (codec == null) {
      return request.respond(Response.NOT_ACCEPTABLE_HERE);
    }
    FromHeader from = (FromHeader) invite.getHeader(FromHeader.NAME);
    ContactHeader contact = (ContactHeader) invite.getHeader(ContactHeader.NAME);
    if (from == null
        || from.getTag() == null
        || contact == null
        || contact.getAddress() == null
        || contact.getAddress().getURI() == null) {
      return request.respond(Response.BAD_REQUEST); // no From tag, or no Contact to reach it at
    }
    String participant = SipUris.aor(from.getAddress().getURI());
    String endpoint = SipUris.aor(contact.getAddress().getURI());
    String coordinate = null;
    if (contact.getAddress().getURI() instanceof SipURI uri) {
      byte[] bytes = CoordParameter.decode(uri.getParameter(CoordParameter.NAME));
      coordinate = bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }
    String callId = callId(invite);
    Response ok = request.response(Response.OK);
    ok.addHeader(sip.contact(conferenceUser, transportOf(invite)));
    ConferenceInfo change;
    Delegation handOver = null;
    synchronized (this) {
      if (calls.containsKey(callId)) {
        // a re-INVITE of a call already set up: refused until session changes are supported
        return request.respond(Response.NOT_ACCEPTABLE_HERE);
      }
      if (calls.size() >= settings.maxParticipants()) {
        handOver = delegation;
        if (handOver == null) {
          return request.respond(Response.BUSY_HERE);
        }
      }
      MediaLeg media = null;
      try {
        media = this.media.open(participant, MediaLeg.Role.PARTICIPANT);
        media.connect(new InetSocketAddress(offer.address(), offer.port()), codec);
        int port = media.port();
        sip.setBody(
            ok,
            AudioSdp.answer(
                conferenceUser,
                ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE),
                settings.mediaAddress(),
                port,
                codec),
            "application/sdp");
      } catch (RuntimeException e) {
        this.media.close(media);
        LOG.warn("{}: no RTP port: {}", settings.focus(), e.toString());
        return request.respond(Response.SERVICE_UNAVAILABLE);
      }
      SipDialog dialog =
          new SipDialog(callId, from.getTag(), ((ToHeader) ok.getHeader(ToHeader.NAME)).getTag());
      // how to hand this call over later (DisCo 5.2 now, or at this focus's friendly leave)
      Referral referral =
          new Referral(
              participant,
              contact.getAddress().getURI().toString(),
              callId,
              from.getTag(),
              dialog.toTag());
      byte[] coordinateBytes = coordinate == null ? null : Base64.getDecoder().decode(coordinate);
      if (handOver != null) {
        // DisCo 5.2: answered for now, then handed to a focus with room (Figure 7, steps 2-4)
        calls.put(callId, new Call(participant, media, false, referral, coordinateBytes));
        Mono<Void> kept = keep(callId, endpoint, coordinate, dialog);
        byte[] offerBody = invite.getRawContent();
        Delegation chooser = handOver;
        // handed on once the joiner's ACK is in (Figure 7: REFER after step 3): before it, the
        // joiner may not know its first call yet and would refuse the INVITE replacing it
        awaitingAck.put(
            callId,
            () -> delegate(chooser, referral, coordinateBytes, offerBody, kept).subscribe());
        return request
            .respond(ok)
            .then(
                Mono.fromRunnable(
                    () ->
                        // an ACK lost for good: hand it on anyway
                        Mono.delay(ACK_PATIENCE).subscribe(tick -> handOverAcknowledged(callId))));
      }
      calls.put(callId, new Call(participant, media, true, referral, coordinateBytes));
      if (focusRights != null && transportOf(invite).equals("tls") && request.dialog() != null) {
        awaitingRights.put(callId, request.dialog());
      }
      change = state.apply(joined(participant, endpoint, coordinate, dialog));
      LOG.info(
          "{}: {} joined {} over {} ({} participants)",
          settings.focus(),
          participant,
          settings.conference(),
          transportOf(request.request()).toUpperCase(Locale.ROOT),
          calls.size());
    }
    return request
        .respond(ok)
        .then(notifyAll(change))
        .onErrorResume(
            error -> {
              LOG.info(
                  "{}: 200 to {} not sent: {}", settings.focus(), participant, error.toString());
              return end(callId);
            });
  }

  private Mono<Void> acknowledged(Incoming request) {
    String callId = callId(request.request());
    handOverAcknowledged(callId);
    return passRights(callId);
  }

  /**
   * Passes this focus's writing permission (DisCo 4.4: "a conference focus MAY pass the writing
   * permission to the new participant ... a SIP INFO request carrying the certificate for the DisCo
   * Resource") to every participant that calls over TLS from now on: {@code credentials} is the
   * INFO's body ({@link #RIGHTS_TYPE}: the conference certificate and its private key, PEM). Over
   * UDP or TCP nothing is sent: a private key never travels in clear. Null stops passing it.
   */
  public synchronized void passRightsWith(byte @Nullable [] credentials) {
    this.focusRights = credentials == null ? null : credentials.clone();
  }

  /** The INFO body type of DisCo 4.4's writing permission: PEM, certificate then private key. */
  public static final String RIGHTS_TYPE = "application/x-pem-file";

  private Mono<Void> passRights(String callId) {
    Dialog dialog;
    byte[] rights;
    synchronized (this) {
      dialog = awaitingRights.remove(callId);
      rights = focusRights;
    }
    if (dialog == null || rights == null) {
      return Mono.empty();
    }
    Request info = sip.inDialog(dialog, Request.INFO);
    sip.setBody(info, rights, RIGHTS_TYPE);
    return sip.send(info, dialog)
        .doOnNext(
            answer ->
                LOG.info(
                    "{}: writing permission passed to a participant (INFO answered {})",
                    settings.focus(),
                    answer.status()))
        .onErrorResume(
            error -> {
              LOG.info("{}: writing permission not passed: {}", settings.focus(), error.toString());
              return Mono.empty();
            })
        .then();
  }

  private void handOverAcknowledged(String callId) {
    Runnable handOver;
    synchronized (this) {
      handOver = awaitingAck.remove(callId);
    }
    if (handOver != null) {
      handOver.run();
    }
  }

  /**
   * Asks the focus {@code chooser} names to take the call over (a REFER, DisCo 5.2 step 4); when
   * none is named, none accepts or the REFER fails, this focus keeps the call ({@code kept}).
   */
  private Mono<Void> delegate(
      Delegation chooser,
      Referral referral,
      byte @Nullable [] coordinate,
      byte @Nullable [] offer,
      Mono<Void> kept) {
    return chooser
        .target(coordinate)
        .flatMap(target -> refer(target, referral, offer))
        .defaultIfEmpty(false)
        .onErrorResume(
            error -> {
              LOG.info(
                  "{}: {} not handed over: {}",
                  settings.focus(),
                  referral.participant(),
                  error.toString());
              return Mono.just(false);
            })
        .flatMap(referred -> referred ? Mono.<Void>empty() : kept);
  }

  private Mono<Boolean> refer(String target, Referral referral, byte @Nullable [] offer) {
    return Mono.defer(
        () -> {
          Request refer =
              toPeer(
                  Request.REFER,
                  target,
                  settings.conference(),
                  offer,
                  offer == null ? null : "application/sdp");
          refer.addHeader(referral.referTo(sip));
          try {
            refer.addHeader(sip.headers().createHeader("Refer-Sub", "false"));
            refer.addHeader(
                ((HeaderFactoryExt) sip.headers())
                    .createReferredByHeader(sip.addresses().createAddress(settings.focus())));
          } catch (ParseException e) {
            throw new IllegalStateException(e);
          }
          LOG.info(
              "{}: at its limit of {}: handing {} over to {}",
              settings.focus(),
              settings.maxParticipants(),
              referral.participant(),
              target);
          return sip.send(refer).map(answer -> answer.status() >= 200 && answer.status() < 300);
        });
  }

  /**
   * A friendly leave (DisCo 4.6): every participant of this focus is handed to the focus {@link
   * #delegateWith delegation} names for its coordinate (the closest remaining one), by the REFER of
   * call delegation. Emits how many were handed over; those no focus took stay in their call with
   * this focus until it stops.
   */
  public Mono<Long> handOverAll() {
    Delegation chooser = delegation;
    List<Call> listed;
    synchronized (this) {
      listed = calls.values().stream().filter(Call::listed).toList();
    }
    if (chooser == null || listed.isEmpty()) {
      return Mono.just(0L);
    }
    return Flux.fromIterable(listed)
        .flatMap(
            call ->
                chooser
                    .target(call.coordinate())
                    .flatMap(target -> refer(target, call.referral(), null))
                    .onErrorResume(
                        error -> {
                          LOG.info(
                              "{}: {} not handed over at leave: {}",
                              settings.focus(),
                              call.participant(),
                              error.toString());
                          return Mono.just(false);
                        }),
            4)
        .filter(referred -> referred)
        .count();
  }

  /**
   * Leaves the conference in a friendly way (DisCo 4.6): hands every participant over ({@link
   * #handOverAll}), waits up to {@code patience} for their calls with this focus to end, then ends
   * every subscription with {@code terminated;reason=noresource} (RFC 6665), by which peer foci
   * drop this focus's partition at once. Emits how many participants were handed over; the agent is
   * closed by its owner afterwards.
   */
  public Mono<Long> leave(Duration patience) {
    return handOverAll()
        .flatMap(
            moved ->
                Flux.interval(Duration.ofMillis(100))
                    .filter(tick -> listedCalls() == 0)
                    .next()
                    .timeout(patience)
                    .onErrorResume(error -> Mono.just(0L))
                    .thenReturn(moved))
        .flatMap(
            moved -> {
              List<Mono<Void>> sent = new ArrayList<>();
              synchronized (this) {
                relays.leaveAll();
                for (Subscription subscription : subscribers.values()) {
                  subscription.enqueue(state.full(0), "terminated;reason=noresource", 0);
                  subscription.close();
                  sent.add(subscription.drained());
                }
                subscribers.clear();
              }
              LOG.info(
                  "{}: left the conference ({} participants handed over)", settings.focus(), moved);
              // the last NOTIFYs must go out before the SIP agent is closed
              return Mono.when(sent)
                  .timeout(Duration.ofSeconds(3))
                  .onErrorResume(error -> Mono.empty())
                  .thenReturn(moved);
            });
  }

  private synchronized long listedCalls() {
    return calls.values().stream().filter(Call::listed).count();
  }

  /** Keeps a call this focus could not hand over, beyond its limit: the joiner is not dropped. */
  private Mono<Void> keep(
      String callId, String endpoint, @Nullable String coordinate, SipDialog dialog) {
    return Mono.defer(
        () -> {
          ConferenceInfo change = null;
          synchronized (this) {
            Call call = calls.get(callId);
            if (call != null && !call.listed()) {
              calls.put(callId, call.asListed());
              change = state.apply(joined(call.participant(), endpoint, coordinate, dialog));
              LOG.info(
                  "{}: no focus took {}: kept beyond the limit ({} participants)",
                  settings.focus(),
                  call.participant(),
                  calls.size());
            }
          }
          return notifyAll(change);
        });
  }

  /**
   * A REFER from a peer focus at its limit (DisCo 5.2): 202, then this focus calls the participant
   * with an INVITE replacing its call with the referring focus (RFC 3891), appearing as the
   * conference; once answered, the participant is this focus's. Only foci of this conference's
   * state may refer (403 otherwise); a focus at its own limit refuses 486.
   */
  private Mono<Void> referred(Incoming request) {
    Request refer = request.request();
    if (!forThisConference(refer)) {
      return request.respond(Response.NOT_FOUND);
    }
    FromHeader from = (FromHeader) refer.getHeader(FromHeader.NAME);
    String referrer = from == null ? "" : SipUris.aor(from.getAddress().getURI());
    Referral referral;
    try {
      referral = Referral.of(refer);
    } catch (Referral.Unusable e) {
      LOG.info("{}: REFER refused: {}", settings.focus(), e.getMessage());
      return request.respond(Response.BAD_REQUEST);
    }
    synchronized (this) {
      if (!state.foci().containsKey(referrer) || referrer.equals(settings.focus())) {
        return request.respond(Response.FORBIDDEN);
      }
      if (calls.size() >= settings.maxParticipants()) {
        return request.respond(Response.BUSY_HERE);
      }
    }
    Response accepted = request.response(Response.ACCEPTED);
    try {
      accepted.addHeader(sip.headers().createHeader("Refer-Sub", "false"));
    } catch (ParseException e) {
      throw new IllegalStateException(e);
    }
    return request
        .respond(accepted)
        .then(Mono.fromRunnable(() -> takeOver(referrer, referral).subscribe()));
  }

  /** Calls a referred participant, replacing its call with {@code referrer} (Figure 7, 6-8). */
  private Mono<Void> takeOver(String referrer, Referral referral) {
    return Mono.fromCallable(() -> media.open(referral.participant(), MediaLeg.Role.PARTICIPANT))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            media -> {
              int port = media.port();
              Request invite =
                  sip.request(
                      Request.INVITE,
                      referral.contact(),
                      "<" + settings.conference() + ">",
                      "<" + referral.participant() + ">",
                      sip.contact(conferenceUser, SipUris.transportOf(referral.contact())),
                      AudioSdp.offer(
                          conferenceUser,
                          ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE),
                          settings.mediaAddress(),
                          port),
                      "application/sdp");
              try {
                invite.addHeader(
                    ((HeaderFactoryExt) sip.headers())
                        .createReplacesHeader(
                            referral.callId(), referral.participantTag(), referral.focusTag()));
              } catch (ParseException e) {
                close(media);
                return Mono.error(e);
              }
              String ourTag = ((FromHeader) invite.getHeader(FromHeader.NAME)).getTag();
              return sip.send(invite)
                  .flatMap(
                      answer -> {
                        if (answer.status() >= 300) {
                          close(media);
                          LOG.info(
                              "{}: {} refused the handed-over call: {}",
                              settings.focus(),
                              referral.participant(),
                              answer.status());
                          return Mono.<Void>empty();
                        }
                        connect(media, answer.response().getRawContent());
                        return sip.ack(answer)
                            .then(
                                Mono.defer(() -> adopt(referrer, referral, answer, ourTag, media)));
                      })
                  .doOnError(error -> close(media));
            })
        .onErrorResume(
            error -> {
              LOG.info(
                  "{}: handed-over call to {} failed: {}",
                  settings.focus(),
                  referral.participant(),
                  error.toString());
              return Mono.empty();
            });
  }

  private Mono<Void> adopt(
      String referrer,
      Referral referral,
      SipEndpoint.Answer answer,
      String ourTag,
      MediaLeg media) {
    String callId = ((CallIdHeader) answer.response().getHeader(CallIdHeader.NAME)).getCallId();
    String theirTag = ((ToHeader) answer.response().getHeader(ToHeader.NAME)).getTag();
    String coordinate = null;
    String endpoint = referral.contact();
    try {
      var uri = sip.addresses().createURI(referral.contact());
      endpoint = SipUris.aor(uri);
      if (uri instanceof SipURI sipUri) {
        byte[] bytes = CoordParameter.decode(sipUri.getParameter(CoordParameter.NAME));
        coordinate = bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
      }
    } catch (ParseException e) {
      LOG.debug("no coordinate in {}", referral.contact());
    }
    ConferenceInfo change;
    synchronized (this) {
      calls.put(
          callId,
          new Call(
              referral.participant(),
              media,
              true,
              new Referral(referral.participant(), referral.contact(), callId, theirTag, ourTag),
              coordinate == null ? null : Base64.getDecoder().decode(coordinate)));
      change =
          state.apply(
              joined(
                  referral.participant(),
                  endpoint,
                  coordinate,
                  new SipDialog(callId, ourTag, theirTag)));
      LOG.info(
          "{}: {} handed over by {} ({} participants)",
          settings.focus(),
          referral.participant(),
          referrer,
          calls.size());
    }
    return notifyAll(change);
  }

  private Mono<Void> bye(Incoming request) {
    String callId = callId(request.request());
    if (relays.ended(callId)) {
      return request.respond(Response.OK); // a peer focus ends the audio relay
    }
    Subscription ended;
    synchronized (this) {
      ended = subscribers.remove(callId);
    }
    if (ended != null) {
      ended.dispose();
    }
    return request.respond(Response.OK).then(end(callId));
  }

  /** Ends the call of {@code callId} if this focus is in it, and tells the subscribers. */
  private Mono<Void> end(String callId) {
    ConferenceInfo change = null;
    synchronized (this) {
      Call call = calls.remove(callId);
      awaitingAck.remove(callId); // a call ended before it was acknowledged is not handed on
      awaitingRights.remove(callId);
      if (call != null && !call.listed()) {
        close(call.media()); // a call handed over: its participant is listed by its new focus
      } else if (call != null) {
        close(call.media());
        change =
            state.apply(
                state.servedByAnotherThan(settings.focus(), call.participant())
                    // handed over at this focus's leave: only this focus's entry goes
                    ? change(null, new Participant(call.participant(), ElementState.DELETED, null))
                    : left(call.participant()));
        LOG.info(
            "{}: {} left ({} participants)", settings.focus(), call.participant(), calls.size());
      }
    }
    return notifyAll(change);
  }

  private Mono<Void> subscribe(Incoming request) {
    Request subscribe = request.request();
    EventHeader event = (EventHeader) subscribe.getHeader(EventHeader.NAME);
    String type = event == null ? "" : event.getEventType().toLowerCase(Locale.ROOT);
    if (event == null || (!type.equals(EVENT) && !type.equals(EVENT_SYNONYM))) {
      Response bad = request.response(Response.BAD_EVENT);
      try {
        bad.addHeader(sip.headers().createAllowEventsHeader(EVENT));
      } catch (ParseException e) {
        throw new IllegalStateException(e);
      }
      return request.respond(bad);
    }
    if (!forThisConference(subscribe)) {
      return request.respond(Response.NOT_FOUND);
    }
    String contentType = contentTypeFor(subscribe);
    if (contentType == null) {
      return request.respond(Response.NOT_ACCEPTABLE);
    }
    ExpiresHeader asked = subscribe.getExpires();
    int expires =
        asked == null
            ? DEFAULT_EXPIRES
            : Math.min(Math.max(asked.getExpires(), 0), DEFAULT_EXPIRES);
    if (expires > 0 && expires < MIN_EXPIRES) {
      Response tooBrief = request.response(Response.INTERVAL_TOO_BRIEF);
      try {
        tooBrief.addHeader(sip.headers().createMinExpiresHeader(MIN_EXPIRES));
      } catch (InvalidArgumentException e) {
        throw new IllegalStateException(e);
      }
      return request.respond(tooBrief);
    }
    String callId = callId(subscribe);
    ToHeader toHeader = (ToHeader) subscribe.getHeader(ToHeader.NAME);
    synchronized (this) {
      if (toHeader != null && toHeader.getTag() != null && !subscribers.containsKey(callId)) {
        // a refresh of a subscription this focus no longer has (dropped after a failed NOTIFY):
        // RFC 6665 4.2.1.2's 481 makes the subscriber start a new one, whose versions start anew
        return request.respond(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
      }
      if (expires > 0
          && !subscribers.containsKey(callId)
          && subscribers.size() >= MAX_SUBSCRIPTIONS) {
        return request.respond(Response.SERVICE_UNAVAILABLE);
      }
    }
    Response ok = request.response(Response.OK);
    ok.addHeader(sip.contact(conferenceUser, transportOf(subscribe)));
    try {
      ok.addHeader(sip.headers().createExpiresHeader(expires));
    } catch (InvalidArgumentException e) {
      throw new IllegalStateException(e);
    }
    String eventType = event.getEventType();
    FromHeader from = (FromHeader) subscribe.getHeader(FromHeader.NAME);
    String subscriber = from == null ? "" : SipUris.aor(from.getAddress().getURI());
    ContactHeader contact = (ContactHeader) subscribe.getHeader(ContactHeader.NAME);
    return request
        .respond(ok)
        .then(
            Mono.fromRunnable(
                () ->
                    subscribed(
                        request.dialog(), callId, subscriber, contentType, eventType, expires)))
        .then(
            Mono.defer(
                () -> {
                  // DisCo's body type means a focus: complete the pairwise subscription (Figure 6
                  // step 8) unless this focus already holds one to it
                  if (expires == 0
                      || !contentType.equals(ConferenceInfoXml.DISTRIBUTED_CONFERENCE_INFO_TYPE)
                      || subscriber.equals(settings.focus())
                      || contact == null) {
                    return Mono.empty();
                  }
                  return link(subscriber, contact.getAddress().getURI().toString()).then();
                }));
  }

  /** After the 200 to a SUBSCRIBE: a new subscription, a refresh, or its end (Expires 0). */
  private synchronized void subscribed(
      @Nullable Dialog dialog,
      String callId,
      String subscriber,
      String contentType,
      String eventType,
      int expires) {
    if (dialog == null) {
      // answered 200 but without a dialog to notify in: the subscriber asks again when no state
      // comes (FocusAgent does), others after their refresh interval
      LOG.warn("{}: SUBSCRIBE of {} accepted without a dialog", settings.focus(), subscriber);
      return;
    }
    Subscription subscription = subscribers.get(callId);
    if (expires == 0) {
      if (subscription == null) {
        subscription = newSubscription(dialog, subscriber, contentType, eventType, 0);
      } else {
        subscribers.remove(callId);
      }
      subscription.enqueue(state.full(0), "terminated;reason=timeout", 0);
      subscription.close();
      return;
    }
    long until = System.currentTimeMillis() + expires * 1000L;
    if (subscription == null) {
      subscription = newSubscription(dialog, subscriber, contentType, eventType, until);
      subscribers.put(callId, subscription);
    } else {
      subscription.refresh(until);
    }
    // each SUBSCRIBE, a refresh too, is answered with the full state (RFC 6665 4.2.2)
    subscription.enqueue(state.full(0), "active", expires);
  }

  private Subscription newSubscription(
      Dialog dialog, String subscriber, String contentType, String eventType, long until) {
    return new Subscription(
        dialog, subscriber, contentType, eventType, until, this::send, this::dropSubscriber);
  }

  /**
   * Subscriptions past their expiry end with a terminated NOTIFY (RFC 6665 4.2.2); this focus's own
   * subscriptions to its peers are refreshed before theirs end.
   */
  private void expireSubscriptions() {
    List<PeerLink> due = new ArrayList<>();
    synchronized (this) {
      long now = System.currentTimeMillis();
      for (PeerLink link : links.values()) {
        if (link.refreshDue(now, STATE_PATIENCE.toMillis()) && link.startRefresh()) {
          due.add(link);
        }
      }
      expireSubscribers(now);
    }
    due.forEach(link -> resubscribe(link).subscribe());
  }

  private void expireSubscribers(long now) {
    var entries = subscribers.entrySet().iterator();
    while (entries.hasNext()) {
      Subscription subscription = entries.next().getValue();
      if (subscription.expiresAtMillis() <= now) {
        entries.remove();
        subscription.enqueue(state.full(0), "terminated;reason=timeout", 0);
        subscription.close();
      }
    }
  }

  /**
   * Every change goes to every subscriber as a partial document of its next version, queued behind
   * the NOTIFYs already on their way to it.
   */
  private Mono<Void> notifyAll(@Nullable ConferenceInfo change) {
    if (change != null) {
      synchronized (this) {
        changes.tryEmitNext(state.full(0));
        long now = System.currentTimeMillis();
        Map<String, ConferenceInfo.Focus> foci = state.foci();
        for (Subscription subscription : subscribers.values()) {
          ConferenceInfo part = change;
          if (subscription.focus()) {
            // DisCo 5.3: forward to a focus only what it does not get first-hand: not its own
            // partition, nor that of a focus its graph says it subscribes to itself
            ConferenceInfo.Focus peer = foci.get(subscription.subscriber());
            List<String> direct =
                peer == null
                    ? List.of()
                    : peer.graph().stream().map(ConferenceInfo.Graph::refToFocus).toList();
            part =
                state.only(
                    change,
                    focus ->
                        focus.equals(settings.focus())
                            || (!focus.equals(subscription.subscriber())
                                && !direct.contains(focus)));
          }
          int left = (int) Math.max(1, (subscription.expiresAtMillis() - now) / 1000);
          if (part != null) {
            subscription.enqueue(part, "active", left);
          }
          if (subscription.focus()) {
            // a focus that stopped getting a partition first-hand (its graph lost the entry) gets
            // it whole from here: changes not forwarded to it meanwhile are not lost
            for (String lost : lostGraphEntries(change, subscription.subscriber())) {
              ConferenceInfo whole = state.partition(lost);
              if (whole != null) {
                subscription.enqueue(whole, "active", left);
              }
            }
          }
        }
      }
    }
    return Mono.empty();
  }

  /**
   * Subscribes to the conference state at the peer focus {@code peer}, reached at {@code target}
   * (its SIP contact): the first half of DisCo's pairwise subscription (Figure 6, step 4); the peer
   * completes it by subscribing back. Emits whether the peer accepted; a link that already exists
   * (or is being set up) is not made twice, and emits true.
   */
  public Mono<Boolean> link(String peer, String target) {
    return Mono.defer(
        () -> {
          if (peer.equals(settings.focus())) {
            return Mono.just(false);
          }
          Request subscribe;
          PeerLink link;
          synchronized (this) {
            if (links.containsKey(peer)) {
              return Mono.just(true);
            }
            subscribe = toPeer(Request.SUBSCRIBE, target, settings.conference(), null, null);
            addSubscriptionHeaders(subscribe);
            link = new PeerLink(peer, target, callId(subscribe));
            links.put(peer, link);
            linksByCallId.put(link.callId(), link);
          }
          LOG.info(
              "{}: subscribing to the conference state at {} ({})", settings.focus(), peer, target);
          return sip.send(subscribe)
              .map(answer -> linkAnswered(link, answer))
              .doOnNext(
                  accepted -> {
                    if (accepted) {
                      relays.linked(peer, target).subscribe(); // the audio between the two
                    }
                  })
              .onErrorResume(
                  error -> {
                    LOG.info(
                        "{}: subscription to {} failed: {}",
                        settings.focus(),
                        peer,
                        error.toString());
                    unlink(link);
                    return Mono.just(false);
                  });
        });
  }

  /** The peer foci this focus holds an accepted subscription to. */
  public synchronized List<String> linkedPeers() {
    return links.values().stream().filter(PeerLink::established).map(PeerLink::peer).toList();
  }

  private void addSubscriptionHeaders(Request subscribe) {
    try {
      subscribe.addHeader(sip.headers().createEventHeader(EVENT));
      subscribe.addHeader(
          sip.headers().createAcceptHeader("application", "distributed-conference-info+xml"));
      subscribe.addHeader(sip.headers().createExpiresHeader(LINK_EXPIRES));
    } catch (ParseException | InvalidArgumentException e) {
      throw new IllegalStateException(e);
    }
  }

  private boolean linkAnswered(PeerLink link, SipEndpoint.Answer answer) {
    if (answer.status() >= 300) {
      LOG.info(
          "{}: {} refused the subscription: {}", settings.focus(), link.peer(), answer.status());
      unlink(link);
      return false;
    }
    ExpiresHeader granted = answer.response().getExpires();
    ConferenceInfo change;
    synchronized (this) {
      if (links.get(link.peer()) != link) {
        return false; // dropped meanwhile
      }
      if (answer.dialog() != null) {
        link.dialog(answer.dialog());
      }
      link.accepted(
          granted == null ? LINK_EXPIRES : Math.max(MIN_EXPIRES, granted.getExpires()),
          System.currentTimeMillis());
    }
    return true;
  }

  /**
   * A request from this focus to the peer focus at {@code target} (To: {@code to}), with this
   * focus's conference contact on the target's transport.
   */
  private Request toPeer(
      String method, String target, String to, byte @Nullable [] body, @Nullable String type) {
    return sip.request(
        method,
        target,
        "<" + settings.focus() + ">",
        "<" + to + ">",
        sip.contact(conferenceUser, SipUris.transportOf(target)),
        body,
        type);
  }

  /** Asks every linked peer whether it is alive; one check per peer at a time. */
  private void checkPeers() {
    List<PeerLink> due = new ArrayList<>();
    synchronized (this) {
      for (PeerLink link : links.values()) {
        if (link.established() && link.startCheck()) {
          due.add(link);
        }
      }
    }
    for (PeerLink link : due) {
      Mono.defer(() -> sip.send(toPeer(Request.OPTIONS, link.target(), link.peer(), null, null)))
          .timeout(PEER_ANSWER)
          .map(answer -> true) // any answer: it is alive
          // silence or a transport failure is a miss; a local fault says nothing of the peer
          .onErrorResume(
              error ->
                  Mono.just(
                      !(error instanceof java.util.concurrent.TimeoutException
                          || error instanceof SipTimeout
                          || error instanceof SipFailure)))
          .subscribe(answered -> checked(link, answered));
    }
  }

  private void checked(PeerLink link, boolean answered) {
    int misses;
    synchronized (this) {
      misses = link.checked(answered);
    }
    if (misses >= PEER_MISSES) {
      peerLost(link, misses);
    }
  }

  /**
   * A linked peer focus stopped answering (DisCo 4.6, unexpected leave): the link is dropped, its
   * partition (its {@code <focus>} element and the participants it served) is removed and the
   * removal notified, so that every focus shows it gone; its participants rejoin by themselves.
   */
  private void peerLost(PeerLink link, int misses) {
    peerGone(
        link, "answered none of " + misses + " OPTIONS: taken for gone, its participants removed");
  }

  /** A peer focus is gone (found dead, or it said it left): its link and partition go too. */
  private void peerGone(PeerLink link, String why) {
    ConferenceInfo graph;
    ConferenceInfo removed;
    synchronized (this) {
      if (links.get(link.peer()) != link) {
        return;
      }
      links.remove(link.peer());
      linksByCallId.remove(link.callId());
      routes.values().removeIf(via -> via.equals(link.peer()));
      routes.remove(link.peer());
      graph = link.hasState() ? state.apply(ownGraph(link.peer(), ElementState.DELETED)) : null;
      removed = state.removeFocus(link.peer());
      gone.put(link.peer(), System.currentTimeMillis() + GONE_MEMORY.toMillis());
    }
    LOG.warn("{}: peer focus {} {}", settings.focus(), link.peer(), why);
    relays.gone(link.peer(), false);
    notifyAll(graph).then(notifyAll(removed)).subscribe();
    synchronized (this) {
      // timers and SIP threads may both find a peer gone: one emission at a time, none lost
      lostPeers.tryEmitNext(link.peer());
    }
  }

  /** Forgets a link that failed or ended; what came only through it is no longer routed. */
  private void unlink(PeerLink link) {
    ConferenceInfo change = null;
    synchronized (this) {
      if (links.get(link.peer()) != link) {
        return;
      }
      links.remove(link.peer());
      linksByCallId.remove(link.callId());
      routes.values().removeIf(via -> via.equals(link.peer()));
      if (link.hasState()) {
        change = state.apply(ownGraph(link.peer(), ElementState.DELETED));
      }
    }
    relays.gone(link.peer(), true);
    notifyAll(change).subscribe();
  }

  /** A partial document of this focus's own graph entry to {@code peer}. */
  private ConferenceInfo ownGraph(String peer, ElementState entry) {
    return ownFocus(
        new Focus(
            settings.focus(),
            ElementState.PARTIAL,
            null,
            List.of(),
            List.of(new ConferenceInfo.Graph(peer, entry))));
  }

  /** A partial document holding only {@code focus}, this focus's own element. */
  private ConferenceInfo ownFocus(Focus focus) {
    return new ConferenceInfo(
        settings.conference(),
        0,
        ElementState.PARTIAL,
        null,
        null,
        new FocusStates(ElementState.PARTIAL, List.of(focus)));
  }

  /**
   * A SUBSCRIBE within the link's dialog: its refresh, and the way to ask for a full state again
   * after a version gap (every SUBSCRIBE is answered with one, RFC 6665 4.2.2).
   */
  private Mono<Void> resubscribe(PeerLink link) {
    return Mono.defer(
            () -> {
              var dialog = link.dialog();
              if (dialog == null) {
                return Mono.error(new IllegalStateException("no dialog yet"));
              }
              Request subscribe = sip.inDialog(dialog, Request.SUBSCRIBE);
              addSubscriptionHeaders(subscribe);
              return sip.send(subscribe, dialog);
            })
        // building an in-dialog request takes the dialog's lock: never on a timer thread
        .subscribeOn(Schedulers.boundedElastic())
        .doOnNext(answer -> linkAnswered(link, answer))
        .onErrorResume(
            error -> {
              LOG.info(
                  "{}: refresh of the subscription to {} failed: {}",
                  settings.focus(),
                  link.peer(),
                  error.toString());
              unlink(link);
              return Mono.empty();
            })
        .then();
  }

  /**
   * A NOTIFY of one of this focus's subscriptions to a peer: applied by RFC 4575's version rule (a
   * gap asks for the full state again), partition by partition (DisCo 3.4), and what changed is
   * passed on to this focus's own subscribers (DisCo 5.3); duplicates change nothing and go no
   * further.
   */
  private Mono<Void> notified(Incoming request) {
    Request notify = request.request();
    String callId = callId(notify);
    PeerLink link;
    synchronized (this) {
      link = linksByCallId.get(callId);
      if (link != null) {
        link.heard(); // a peer that notifies is alive
      }
    }
    if (link == null) {
      return request.respond(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
    }
    SubscriptionStateHeader status =
        (SubscriptionStateHeader) notify.getHeader(SubscriptionStateHeader.NAME);
    boolean terminated =
        status != null && SubscriptionStateHeader.TERMINATED.equalsIgnoreCase(status.getState());
    byte[] body = notify.getRawContent();
    ConferenceInfo document = null;
    if (body != null && body.length > 0) {
      try {
        document = xml.read(body);
        if (!document.entity().equals(settings.conference())) {
          throw new InvalidConferenceInfo("a document of another conference");
        }
      } catch (InvalidConferenceInfo e) {
        LOG.info("{}: NOTIFY from {} refused: {}", settings.focus(), link.peer(), e.getMessage());
        return request.respond(Response.BAD_REQUEST);
      }
    }
    ConferenceInfo change = null;
    boolean gap = false;
    synchronized (this) {
      if (request.dialog() != null) {
        link.dialog(request.dialog());
      }
      if (document != null && links.get(link.peer()) == link) {
        switch (link.versions().check(document)) {
          case APPLY -> {
            boolean first = document.state() == ElementState.FULL && !link.hasState();
            if (document.state() == ElementState.FULL) {
              link.fullReceived();
              gone.remove(link.peer()); // back, and speaking for itself
            }
            change =
                state.applyFrom(
                    link.peer(),
                    document,
                    focus -> takes(link.peer(), focus),
                    focus -> spokeFor(link.peer(), focus));
            if (first) {
              // only a link that delivered a state is first-hand: from now on the graph says so,
              // and the neighbours stop forwarding the peer's partition to this focus
              change = merge(change, state.apply(ownGraph(link.peer(), ElementState.FULL)));
            }
          }
          case GAP -> gap = link.startRefresh();
          case DUPLICATE -> {}
        }
      }
    }
    if (gap) {
      LOG.info(
          "{}: notifications from {} lost (version gap): asking for the full state",
          settings.focus(),
          link.peer());
    }
    Mono<Void> after =
        terminated
            ? Mono.fromRunnable(
                () -> {
                  if ("noresource".equalsIgnoreCase(status.getReasonCode())) {
                    // the peer left the conference (a friendly leave, DisCo 4.6)
                    peerGone(link, "left the conference: its partition removed");
                  } else {
                    unlink(link);
                  }
                })
            : gap ? resubscribe(link) : Mono.empty();
    return request.respond(Response.OK).then(notifyAll(change)).then(after);
  }

  /**
   * Whether {@code sender}'s account of {@code focus}'s partition is taken: never of this focus's
   * own; always of the sender's own; of a third focus only when this focus does not subscribe to it
   * directly, and only from one neighbour (the first to tell), so that copies arriving by two paths
   * cannot undo each other.
   */
  private boolean takes(String sender, String focus) {
    if (focus.equals(settings.focus())) {
      return false;
    }
    if (focus.equals(sender)) {
      return true;
    }
    PeerLink direct = links.get(focus);
    if (direct != null && direct.hasState()) {
      return false;
    }
    Long until = gone.get(focus);
    if (until != null) {
      if (until > System.currentTimeMillis()) {
        return false; // a neighbour that has not found it gone yet would bring it back
      }
      gone.remove(focus);
    }
    return routes.computeIfAbsent(focus, f -> sender).equals(sender);
  }

  /**
   * Whether {@code sender} is the one this focus learns {@code focus}'s partition from, without
   * choosing it if none is yet: a full state of the sender that no longer lists the focus means it
   * left only then.
   */
  private boolean spokeFor(String sender, String focus) {
    if (focus.equals(settings.focus())) {
      return false;
    }
    PeerLink direct = links.get(focus);
    if (direct != null && direct.hasState()) {
      return false;
    }
    return sender.equals(routes.get(focus));
  }

  /** Two changes as one partial document (either may be null). */
  private static @Nullable ConferenceInfo merge(
      @Nullable ConferenceInfo first, @Nullable ConferenceInfo second) {
    if (first == null || second == null) {
      return first == null ? second : first;
    }
    List<User> users = new ArrayList<>();
    if (first.users() != null) {
      users.addAll(first.users().users());
    }
    if (second.users() != null) {
      users.addAll(second.users().users());
    }
    List<Focus> foci = new ArrayList<>();
    if (first.focusStates() != null) {
      foci.addAll(first.focusStates().foci());
    }
    if (second.focusStates() != null) {
      foci.addAll(second.focusStates().foci());
    }
    return new ConferenceInfo(
        first.entity(),
        0,
        ElementState.PARTIAL,
        second.description() != null ? second.description() : first.description(),
        users.isEmpty() ? null : new Users(ElementState.PARTIAL, users),
        foci.isEmpty() ? null : new FocusStates(ElementState.PARTIAL, foci));
  }

  /** The foci whose graph entry {@code change} deletes from {@code subscriber}'s element. */
  private List<String> lostGraphEntries(ConferenceInfo change, String subscriber) {
    if (change.focusStates() == null) {
      return List.of();
    }
    List<String> lost = new ArrayList<>();
    for (Focus focus : change.focusStates().foci()) {
      if (focus.entity().equals(subscriber)) {
        for (ConferenceInfo.Graph entry : focus.graph()) {
          if (entry.state() == ElementState.DELETED
              && !entry.refToFocus().equals(settings.focus())) {
            lost.add(entry.refToFocus());
          }
        }
      }
    }
    return lost;
  }

  /** Sends one NOTIFY of {@code subscription}; emits whether the subscriber took it. */
  private Mono<Boolean> send(Subscription subscription, Subscription.Notification notification) {
    return Mono.defer(
            () -> {
              Request notify = sip.inDialog(subscription.dialog(), Request.NOTIFY);
              try {
                // the SUBSCRIBE's own event package name (RFC 6665 8.2.1)
                notify.addHeader(sip.headers().createEventHeader(subscription.event()));
                SubscriptionStateHeader status =
                    sip.headers().createSubscriptionStateHeader(notification.state());
                if (notification.expires() > 0) {
                  status.setExpires(notification.expires());
                }
                notify.addHeader(status);
              } catch (ParseException | InvalidArgumentException e) {
                return Mono.error(e);
              }
              sip.setBody(notify, xml.write(notification.document()), subscription.contentType());
              return sip.send(notify, subscription.dialog())
                  .map(
                      answer -> {
                        if (answer.status() >= 300) {
                          LOG.info(
                              "{}: NOTIFY answered {}: subscription ended",
                              settings.focus(),
                              answer.status());
                          return false;
                        }
                        return true;
                      });
            })
        .onErrorResume(
            error -> {
              LOG.info("{}: NOTIFY failed: {}", settings.focus(), error.toString());
              return Mono.just(false);
            });
  }

  private synchronized void dropSubscriber(Subscription subscription) {
    subscribers.values().remove(subscription);
  }

  private ConferenceInfo joined(
      String participant, String endpoint, @Nullable String coordinate, SipDialog dialog) {
    return change(
        new User(
            participant,
            ElementState.FULL,
            null,
            List.of(
                new Endpoint(
                    endpoint,
                    ElementState.FULL,
                    "connected",
                    "dialed-in",
                    List.of(new Media("1", "audio", "sendrecv")),
                    dialog))),
        new Participant(participant, ElementState.FULL, coordinate));
  }

  private ConferenceInfo left(String participant) {
    return change(
        new User(participant, ElementState.DELETED, null, List.of()),
        new Participant(participant, ElementState.DELETED, null));
  }

  /** A partial document: one user (or none), and the same participant of this focus. */
  private ConferenceInfo change(@Nullable User user, Participant served) {
    return new ConferenceInfo(
        settings.conference(),
        0,
        ElementState.PARTIAL,
        null,
        user == null ? null : new Users(ElementState.PARTIAL, List.of(user)),
        new FocusStates(
            ElementState.PARTIAL,
            List.of(
                new Focus(
                    settings.focus(), ElementState.PARTIAL, null, List.of(served), List.of()))));
  }

  private boolean forThisConference(Request request) {
    if (request.getRequestURI() instanceof SipURI uri && conferenceUser.equals(uri.getUser())) {
      return true;
    }
    ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
    return to != null && SipUris.aor(to.getAddress().getURI()).equals(aorOf(settings.conference()));
  }

  /**
   * The body type a subscriber accepts: DisCo's for foci, RFC 4575's otherwise; null if neither.
   */
  private static @Nullable String contentTypeFor(Request subscribe) {
    var accepts = subscribe.getHeaders(AcceptHeader.NAME);
    if (accepts == null || !accepts.hasNext()) {
      return ConferenceInfoXml.CONFERENCE_INFO_TYPE; // RFC 4575 3.2: the default
    }
    boolean conferenceInfo = false;
    while (accepts.hasNext()) {
      AcceptHeader accept = (AcceptHeader) accepts.next();
      String mime =
          (accept.getContentType() + "/" + accept.getContentSubType()).toLowerCase(Locale.ROOT);
      if (mime.equals(ConferenceInfoXml.DISTRIBUTED_CONFERENCE_INFO_TYPE)) {
        return ConferenceInfoXml.DISTRIBUTED_CONFERENCE_INFO_TYPE;
      }
      if (mime.equals(ConferenceInfoXml.CONFERENCE_INFO_TYPE) || mime.equals("*/*")) {
        conferenceInfo = true;
      }
    }
    return conferenceInfo ? ConferenceInfoXml.CONFERENCE_INFO_TYPE : null;
  }

  private static String callId(Request request) {
    return ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
  }

  static String transportOf(Request request) {
    var via = (javax.sip.header.ViaHeader) request.getHeader(javax.sip.header.ViaHeader.NAME);
    return via == null ? "udp" : via.getTransport().toLowerCase(Locale.ROOT);
  }

  private static String aorOf(String uri) {
    int semicolon = uri.indexOf(';');
    return semicolon < 0 ? uri : uri.substring(0, semicolon);
  }

  private void close(@Nullable MediaLeg leg) {
    media.close(leg);
  }

  /** Where the far end of a call this focus offered receives, from its SDP answer. */
  private static void connect(MediaLeg leg, byte @Nullable [] answer) {
    AudioSdp.Offer answered = AudioSdp.parse(answer == null ? new byte[0] : answer);
    if (answered.payloadTypes().isEmpty()) {
      throw new InvalidSdp("the answer names no payload type");
    }
    leg.connect(
        new InetSocketAddress(answered.address(), answered.port()), answered.payloadTypes().get(0));
  }

  /** Whether {@code peer} is a focus of this conference: linked to, or subscribed as a focus. */
  private synchronized boolean knowsFocus(String peer) {
    return links.containsKey(peer)
        || subscribers.values().stream()
            .anyMatch(
                subscription ->
                    subscription.subscriber().equals(peer)
                        && subscription
                            .contentType()
                            .equals(ConferenceInfoXml.DISTRIBUTED_CONFERENCE_INFO_TYPE));
  }

  /** The peer foci this focus exchanges audio with. */
  public List<String> audioRelays() {
    return relays.peers();
  }

  /** The audio legs: one per call, one per relay, with their packet counts. */
  public List<MediaLeg> mediaLegs() {
    return media.legs();
  }

  /** Ends every call's media and forgets subscribers; the SIP agent is closed by its owner. */
  @Override
  public synchronized void close() {
    expiry.dispose();
    liveness.dispose();
    calls.clear();
    media.close(); // every call's and relay's socket
    for (Subscription subscription : subscribers.values()) {
      subscription.dispose();
    }
    subscribers.clear();
    links.clear();
    linksByCallId.clear();
    changes.tryEmitComplete();
    lostPeers.tryEmitComplete();
  }
}
