package org.p2psip.disco.participant;

import gov.nist.javax.sip.header.extensions.ReplacesHeader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.text.ParseException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.Dialog;
import javax.sip.address.SipURI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jspecify.annotations.Nullable;
import org.p2psip.disco.sdp.AudioSdp;
import org.p2psip.disco.sip.CoordParameter;
import org.p2psip.disco.sip.SipEndpoint;
import org.p2psip.disco.sip.SipEndpoint.Incoming;
import org.p2psip.disco.sip.SipFailure;
import org.p2psip.disco.sip.SipUris;
import org.p2psip.disco.state.ConferenceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * A participant's call to one focus of a distributed conference (DisCo 4.4): an INVITE with a G.711
 * offer and the participant's coordinate in its Contact's {@code coord} parameter, the ACK, then a
 * subscription to the conference state (RFC 4575) at that focus, whose notifications keep {@link
 * #roster()} current. {@link #hangUp()} ends the subscription and the call with BYE. The focus
 * ending the call (its BYE) ends the roster.
 *
 * <p>One call per SIP agent: the agent's requests (the focus's NOTIFYs and BYE) are this call's.
 */
public final class ParticipantCall {

  private static final Logger LOG = LoggerFactory.getLogger(ParticipantCall.class);

  /**
   * How often the focus is asked whether it is still there (an in-dialog OPTIONS) and how long its
   * answer is waited for; {@link #FOCUS_MISSES} unanswered in a row and the focus is taken for gone
   * (DisCo 4.6: "missing signaling"), at most 7.5 s after it stopped.
   */
  static final Duration FOCUS_CHECK = Duration.ofSeconds(2);

  static final Duration FOCUS_ANSWER = Duration.ofMillis(1500);

  static final int FOCUS_MISSES = 3;

  /**
   * @param conference the conference URI (the To of the call)
   * @param user the participant's AoR ({@code sip:alice@example.org})
   * @param mediaAddress the address its RTP socket binds to and its SDP names
   * @param coordinate its network coordinate (PROTOCOL.md 4.2 bytes), or null when it has none
   */
  public record Settings(
      String conference, String user, String mediaAddress, byte @Nullable [] coordinate) {}

  /** Why a call could not be set up: the focus's final answer. */
  public static final class Refused extends RuntimeException {
    private final int status;

    Refused(int status, String reason) {
      super("the focus answered " + status + " " + reason);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private final SipEndpoint sip;
  private final Settings settings;
  private final String target;
  private final DatagramChannel media;
  private StateSubscription subscription;
  // the states of whichever subscription is current (it moves with a handed-over call); ends with
  // the call
  private final Sinks.Many<ConferenceInfo> roster = Sinks.many().replay().latest();
  private final Sinks.Many<String> handovers = Sinks.many().multicast().directBestEffort();
  private @Nullable Dialog call;
  private String focus;
  private AudioSdp.@Nullable Offer answer;
  private boolean ended;
  private boolean endedByFocus;

  private ParticipantCall(
      SipEndpoint sip, Settings settings, String target, DatagramChannel media) {
    this.sip = sip;
    this.settings = settings;
    this.target = target;
    this.focus = target;
    this.media = media;
    this.subscription = subscribe(target);
    sip.onRequest(this::handle);
  }

  /**
   * Calls the focus at {@code target} (its SIP contact, {@code sip:user@host:port}, with a {@code
   * transport} parameter for TCP) and subscribes to the conference state there; emits the call once
   * the focus answered 200 and the ACK is sent, or fails with {@link Refused}.
   */
  public static Mono<ParticipantCall> join(SipEndpoint sip, Settings settings, String target) {
    return Mono.fromCallable(
            () -> {
              DatagramChannel media = DatagramChannel.open();
              media.bind(new InetSocketAddress(settings.mediaAddress(), 0));
              return media;
            })
        .flatMap(media -> join(sip, settings, target, media));
  }

  /**
   * The same with the RTP socket {@code media} (bound on the settings' media address) that the
   * caller talks and listens on, sending to {@link #media()}; the call closes it when it ends.
   */
  public static Mono<ParticipantCall> join(
      SipEndpoint sip, Settings settings, String target, DatagramChannel media) {
    return Mono.fromCallable(() -> new ParticipantCall(sip, settings, target, media))
        .flatMap(call -> call.invite().thenReturn(call).onErrorResume(e -> call.failed(e)));
  }

  private Mono<ParticipantCall> failed(Throwable error) {
    closeMedia();
    return Mono.error(error);
  }

  private Mono<Void> invite() {
    return Mono.defer(
        () -> {
          int port = ((InetSocketAddress) localAddress()).getPort();
          Request invite =
              sip.request(
                  Request.INVITE,
                  target,
                  "<" + settings.user() + ">",
                  "<" + settings.conference() + ">",
                  contact(),
                  AudioSdp.offer(
                      SipUris.userOf(settings.user(), "participant"),
                      ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE),
                      settings.mediaAddress(),
                      port),
                  "application/sdp");
          return sip.send(invite)
              .flatMap(
                  answer -> {
                    if (answer.status() >= 300) {
                      return Mono.error(
                          new Refused(answer.status(), answer.response().getReasonPhrase()));
                    }
                    synchronized (this) {
                      call = answer.dialog();
                      byte[] sdp = answer.response().getRawContent();
                      this.answer = sdp == null ? null : AudioSdp.parse(sdp);
                    }
                    return sip.ack(answer)
                        .then(
                            subscription
                                .start()
                                .onErrorResume(
                                    error -> {
                                      // the call stands without a roster
                                      LOG.info(
                                          "{}: no conference subscription: {}",
                                          settings.user(),
                                          error.getMessage());
                                      return Mono.empty();
                                    }));
                  });
        });
  }

  private java.net.SocketAddress localAddress() {
    try {
      return media.getLocalAddress();
    } catch (IOException e) {
      throw new SipFailure("no RTP socket", e);
    }
  }

  /** A subscription to the conference state at {@code focus}, its states relayed to the roster. */
  private StateSubscription subscribe(String focus) {
    StateSubscription next =
        new StateSubscription(sip, settings.conference(), settings.user(), focus);
    next.states()
        .subscribe(
            state -> {
              synchronized (roster) {
                roster.tryEmitNext(state);
              }
            });
    return next;
  }

  private void endRoster() {
    synchronized (roster) {
      roster.tryEmitComplete();
    }
  }

  /** This participant's Contact, with its coordinate when it has one. */
  private ContactHeader contact() {
    SipURI uri =
        sip.uri(SipUris.userOf(settings.user(), "participant"), SipUris.transportOf(target));
    if (settings.coordinate() != null) {
      try {
        uri.setParameter(CoordParameter.NAME, CoordParameter.encode(settings.coordinate()));
      } catch (ParseException e) {
        throw new SipFailure("coordinate not encodable", e);
      }
    }
    return sip.headers().createContactHeader(sip.addresses().createAddress(uri));
  }

  private Mono<Void> handle(Incoming request) {
    return switch (request.method()) {
      case Request.NOTIFY ->
          current().owns(request.request())
              ? current().notified(request)
              : request.respond(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
      case Request.BYE -> byFocus(request);
      case Request.INVITE -> replacing(request);
      case Request.OPTIONS -> request.respond(Response.OK);
      case Request.ACK -> Mono.empty();
      case Request.INFO -> info(request);
      default -> request.respond(Response.METHOD_NOT_ALLOWED);
    };
  }

  /**
   * An INFO in this call: DisCo 4.4's writing permission when its body is the focus's credentials
   * (offered on {@link #focusRights}); any other INFO of this call is answered 200 and ignored (RFC
   * 6086's legacy usage), one of another dialog 481.
   */
  private Mono<Void> info(Incoming request) {
    Request info = request.request();
    Dialog dialog;
    synchronized (this) {
      dialog = call;
    }
    if (dialog == null
        || !dialog
            .getCallId()
            .getCallId()
            .equals(((CallIdHeader) info.getHeader(CallIdHeader.NAME)).getCallId())) {
      return request.respond(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
    }
    javax.sip.header.ContentTypeHeader type =
        (javax.sip.header.ContentTypeHeader)
            info.getHeader(javax.sip.header.ContentTypeHeader.NAME);
    byte[] body = info.getRawContent();
    if (type != null
        && body != null
        && (type.getContentType() + "/" + type.getContentSubType()).equalsIgnoreCase(RIGHTS_TYPE)) {
      synchronized (rights) {
        rights.tryEmitNext(body.clone());
      }
    }
    return request.respond(Response.OK);
  }

  /** The INFO body type of DisCo 4.4's writing permission (FocusAgent's). */
  private static final String RIGHTS_TYPE = "application/x-pem-file";

  private final Sinks.Many<byte[]> rights = Sinks.many().replay().latest();

  /**
   * Writing permission the focus passed on (DisCo 4.4): the INFO's body, the conference certificate
   * and its private key as PEM. What to do with it (check, keep, ignore) is the caller's.
   */
  public Flux<byte[]> focusRights() {
    return rights.asFlux();
  }

  /**
   * An INVITE from another focus replacing this call (DisCo 5.2's delegation, RFC 3891): when its
   * {@code Replaces} names this call, it is answered with this participant's media, becomes the
   * call, and the replaced dialog is ended with a BYE. Anything else is refused: 481 for another
   * dialog, 488 for a change of an ongoing call (not supported).
   */
  private Mono<Void> replacing(Incoming request) {
    Request invite = request.request();
    ReplacesHeader replaces = (ReplacesHeader) invite.getHeader(ReplacesHeader.NAME);
    Dialog old;
    synchronized (this) {
      old = call;
      if (replaces == null) {
        return request.respond(Response.NOT_ACCEPTABLE_HERE);
      }
      if (ended
          || old == null
          || !replaces.getCallId().equals(old.getCallId().getCallId())
          || !replaces.getToTag().equals(old.getLocalTag())
          || !replaces.getFromTag().equals(old.getRemoteTag())) {
        return request.respond(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
      }
    }
    AudioSdp.Offer offer;
    Integer codec;
    try {
      byte[] body = invite.getRawContent();
      offer = body == null ? null : AudioSdp.parse(body);
      codec = offer == null ? null : AudioSdp.choose(offer);
    } catch (RuntimeException e) {
      return request.respond(Response.BAD_REQUEST);
    }
    if (codec == null) {
      return request.respond(Response.NOT_ACCEPTABLE_HERE);
    }
    Response ok = request.response(Response.OK);
    ok.addHeader(contact());
    sip.setBody(
        ok,
        AudioSdp.answer(
            SipUris.userOf(settings.user(), "participant"),
            ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE),
            settings.mediaAddress(),
            ((InetSocketAddress) localAddress()).getPort(),
            codec),
        "application/sdp");
    ContactHeader from = (ContactHeader) invite.getHeader(ContactHeader.NAME);
    return request
        .respond(ok)
        .then(
            Mono.defer(
                () -> {
                  synchronized (this) {
                    call = request.dialog();
                    answer = offer;
                    if (from != null) {
                      focus = from.getAddress().getURI().toString();
                    }
                  }
                  LOG.info("{}: the call was handed over to {}", settings.user(), focus());
                  synchronized (handovers) {
                    handovers.tryEmitNext(focus());
                  }
                  // the roster now comes from the focus the call is with (the old one may leave)
                  StateSubscription before;
                  StateSubscription after = subscribe(focus());
                  synchronized (this) {
                    before = subscription;
                    subscription = after;
                  }
                  before.end().subscribe();
                  after
                      .start()
                      .onErrorResume(
                          error -> {
                            LOG.info(
                                "{}: no conference subscription at {}: {}",
                                settings.user(),
                                focus(),
                                error.getMessage());
                            return Mono.empty();
                          })
                      .subscribe();
                  // the replaced dialog ends (RFC 3891 3): its focus keeps no call with us
                  return sip.send(sip.inDialog(old, Request.BYE), old)
                      .subscribeOn(Schedulers.boundedElastic())
                      .onErrorResume(error -> Mono.empty())
                      .then();
                }));
  }

  private Mono<Void> byFocus(Incoming request) {
    synchronized (this) {
      Dialog dialog = request.dialog();
      if (dialog != null && call != null && dialog != call) {
        return request.respond(Response.OK); // a call already handed over: nothing changes
      }
    }
    LOG.info("{}: the focus ended the call", settings.user());
    synchronized (this) {
      ended = true;
      endedByFocus = true;
    }
    closeMedia();
    endRoster();
    return request.respond(Response.OK).then(current().end());
  }

  private synchronized StateSubscription current() {
    return subscription;
  }

  /**
   * The conference state after each notification of this participant's subscription (at the focus
   * it is in a call with); completes when the call ends.
   */
  public Flux<ConferenceInfo> roster() {
    return roster.asFlux();
  }

  /** The conference state as last notified. */
  public ConferenceInfo state() {
    return current().state();
  }

  /**
   * The contact of each focus this call is handed to (DisCo 5.2 delegation, or its focus leaving),
   * as it happens.
   */
  public Flux<String> handovers() {
    return handovers.asFlux();
  }

  /** The focus this call is with (its contact): another one after the call was handed over. */
  public synchronized String focus() {
    return focus;
  }

  /** The focus's answer: the address, port and codec it sends and expects RTP with. */
  public synchronized AudioSdp.@Nullable Offer media() {
    return answer;
  }

  /** Whether the focus ended the call (its BYE) rather than this participant. */
  public synchronized boolean endedByFocus() {
    return endedByFocus;
  }

  /** Whether the call is over (hung up, or ended by the focus). */
  public synchronized boolean ended() {
    return ended;
  }

  /**
   * Emits (the number of checks missed) when the focus stopped answering: {@link #FOCUS_MISSES}
   * in-dialog OPTIONS in a row unanswered. Empty when the call ends first.
   */
  public Mono<Integer> focusLost() {
    return Flux.interval(FOCUS_CHECK)
        .onBackpressureDrop()
        .takeWhile(tick -> !ended())
        .concatMap(tick -> ping())
        .scan(0, (misses, answered) -> answered ? 0 : misses + 1)
        .filter(misses -> misses >= FOCUS_MISSES)
        .next();
  }

  private Mono<Boolean> ping() {
    return Mono.defer(
            () -> {
              Dialog dialog;
              synchronized (this) {
                dialog = call;
                if (ended || dialog == null) {
                  return Mono.just(true);
                }
              }
              return sip.send(sip.inDialog(dialog, Request.OPTIONS), dialog).map(answer -> true);
            })
        // building an in-dialog request takes the dialog's lock: never on a timer thread
        .subscribeOn(Schedulers.boundedElastic())
        .timeout(FOCUS_ANSWER)
        .onErrorReturn(false);
  }

  /**
   * Leaves a call whose focus is gone without waiting for it: the media socket closes, the roster
   * ends, and a BYE is sent without waiting for its answer (should the focus be alive after all, it
   * does not keep a participant that left).
   */
  public void abandon() {
    Dialog dialog;
    synchronized (this) {
      ended = true;
      dialog = call;
    }
    current().abandon();
    endRoster();
    closeMedia();
    if (dialog != null) {
      Mono.defer(() -> sip.send(sip.inDialog(dialog, Request.BYE), dialog))
          .subscribeOn(Schedulers.boundedElastic())
          .timeout(FOCUS_ANSWER)
          .onErrorResume(error -> Mono.empty())
          .doFinally(signal -> dialog.delete())
          .subscribe();
    }
  }

  private static final Duration BYE_RETRY = Duration.ofMillis(200);

  /** Ends the subscription (Expires 0) and the call (BYE); emits when the focus answered both. */
  public Mono<Void> hangUp() {
    return Mono.defer(
        () -> {
          Dialog callDialog;
          synchronized (this) {
            if (ended) {
              return Mono.empty();
            }
            ended = true;
            callDialog = call;
          }
          // a BYE that could not be sent never reached the focus (over TCP, typically a
          // connection closed under the stack's feet): once more, in a new transaction
          Mono<Void> bye =
              callDialog == null
                  ? Mono.empty()
                  : Mono.defer(() -> sip.send(sip.inDialog(callDialog, Request.BYE), callDialog))
                      .retryWhen(
                          Retry.fixedDelay(1, BYE_RETRY)
                              .filter(SipFailure.class::isInstance)
                              .doBeforeRetry(
                                  retry ->
                                      LOG.info("BYE sent again: {}", retry.failure().getMessage()))
                              .onRetryExhaustedThrow((spec, retry) -> retry.failure()))
                      .then();
          return current()
              .end()
              .then(bye)
              .doFinally(
                  signal -> {
                    closeMedia();
                    endRoster();
                  });
        });
  }

  private void closeMedia() {
    try {
      media.close();
    } catch (IOException e) {
      LOG.debug("RTP socket close: {}", e.toString());
    }
  }
}
