package org.p2psip.disco.participant;

import java.text.ParseException;
import java.time.Duration;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.header.CallIdHeader;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jspecify.annotations.Nullable;
import org.p2psip.disco.sip.SipEndpoint;
import org.p2psip.disco.sip.SipEndpoint.Incoming;
import org.p2psip.disco.state.ConferenceInfo;
import org.p2psip.disco.state.ConferenceInfoXml;
import org.p2psip.disco.state.ConferenceState;
import org.p2psip.disco.state.InvalidConferenceInfo;
import org.p2psip.disco.state.NotificationVersions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A subscription to a conference's state at one focus (RFC 4575, RFC 6665), on the subscriber's
 * side: SUBSCRIBE for the conference package in RFC 4575's body type, each NOTIFY applied by the
 * version rule (a gap asks for the full state again with a SUBSCRIBE in the dialog), the state
 * after each one emitted on {@link #states()}, and Expires 0 to end it. Its owner passes it the
 * NOTIFYs its SIP agent receives ({@link #notified}).
 */
public final class StateSubscription {

  private static final Logger LOG = LoggerFactory.getLogger(StateSubscription.class);
  private static final int EXPIRES = 600;

  private final SipEndpoint sip;
  private final String user;
  private final String target;
  private final ConferenceInfoXml xml = new ConferenceInfoXml();
  private final ConferenceState state;
  private final NotificationVersions versions = new NotificationVersions();
  private final Sinks.Many<ConferenceInfo> states = Sinks.many().replay().latest();
  private @Nullable Dialog dialog;
  private @Nullable String callId;
  private boolean refreshing;
  private boolean ended;
  private reactor.core.Disposable refresh = reactor.core.Disposables.disposed();

  /**
   * @param conference the conference URI (the To)
   * @param user the subscriber's AoR (the From)
   * @param target the focus's SIP contact
   */
  public StateSubscription(SipEndpoint sip, String conference, String user, String target) {
    this.sip = sip;
    this.user = user;
    this.target = target;
    this.state = new ConferenceState(conference, null);
  }

  /** Subscribes; emits when the focus accepted, fails with its refusal otherwise. */
  public Mono<Void> start() {
    return send(null);
  }

  /**
   * SUBSCRIBE: a new subscription, or (in {@code inDialog}) a refresh, answered by a full state.
   */
  private Mono<Void> send(@Nullable Dialog inDialog) {
    return Mono.defer(
        () -> {
          Request subscribe =
              inDialog != null
                  ? sip.inDialog(inDialog, Request.SUBSCRIBE)
                  : sip.request(
                      Request.SUBSCRIBE,
                      target,
                      "<" + user + ">",
                      "<" + state.entity() + ">",
                      null,
                      null,
                      null);
          try {
            subscribe.addHeader(sip.headers().createEventHeader("conference"));
            subscribe.addHeader(
                sip.headers().createAcceptHeader("application", "conference-info+xml"));
            subscribe.addHeader(sip.headers().createExpiresHeader(EXPIRES));
          } catch (ParseException | InvalidArgumentException e) {
            return Mono.error(e);
          }
          synchronized (this) {
            if (callId == null) {
              callId = ((CallIdHeader) subscribe.getHeader(CallIdHeader.NAME)).getCallId();
            }
          }
          return sip.send(subscribe, inDialog)
              .flatMap(
                  answer -> {
                    synchronized (this) {
                      refreshing = false;
                      if (answer.status() < 300 && dialog == null) {
                        dialog = answer.dialog();
                      }
                    }
                    if (answer.status() >= 300) {
                      return Mono.error(
                          new ParticipantCall.Refused(
                              answer.status(), answer.response().getReasonPhrase()));
                    }
                    var granted = answer.response().getExpires();
                    scheduleRefresh(granted == null ? EXPIRES : granted.getExpires());
                    return Mono.<Void>empty();
                  });
        });
  }

  /** Refreshes at two thirds of what the focus granted, so that the roster never goes stale. */
  private synchronized void scheduleRefresh(int grantedSeconds) {
    refresh.dispose();
    if (ended || grantedSeconds <= 0 || dialog == null) {
      return;
    }
    Dialog current = dialog;
    refresh =
        Mono.delay(Duration.ofMillis(grantedSeconds * 2000L / 3))
            // building an in-dialog request takes the dialog's lock: not on the timer thread
            .publishOn(reactor.core.scheduler.Schedulers.boundedElastic())
            .then(Mono.defer(() -> send(current)))
            .subscribe(
                null,
                error -> LOG.info("{}: conference subscription not refreshed: {}", user, error));
  }

  /** Whether {@code request} (a NOTIFY) belongs to this subscription. */
  public synchronized boolean owns(Request request) {
    CallIdHeader header = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
    return header != null && header.getCallId().equals(callId);
  }

  /** Takes one NOTIFY of this subscription: answers it and applies its document. */
  public Mono<Void> notified(Incoming request) {
    Request notify = request.request();
    synchronized (this) {
      if (dialog == null && request.dialog() != null) {
        dialog = request.dialog();
      }
    }
    byte[] body = notify.getRawContent();
    if (body == null || body.length == 0) {
      return request.respond(Response.OK);
    }
    ConferenceInfo document;
    try {
      document = xml.read(body);
    } catch (InvalidConferenceInfo e) {
      LOG.info("{}: conference state refused: {}", user, e.getMessage());
      return request.respond(Response.BAD_REQUEST);
    }
    boolean gap = false;
    ConferenceInfo now = null;
    Dialog current;
    synchronized (this) {
      switch (versions.check(document)) {
        case APPLY -> {
          try {
            state.apply(document);
          } catch (InvalidConferenceInfo e) {
            return request.respond(Response.BAD_REQUEST);
          }
          now = state.full(versions.last());
        }
        case GAP -> {
          gap = !refreshing;
          refreshing = true;
        }
        case DUPLICATE -> {}
      }
      current = dialog;
    }
    ConferenceInfo applied = now;
    SubscriptionStateHeader status =
        (SubscriptionStateHeader) notify.getHeader(SubscriptionStateHeader.NAME);
    boolean terminated =
        status != null && SubscriptionStateHeader.TERMINATED.equalsIgnoreCase(status.getState());
    if (gap) {
      LOG.info("{}: conference notifications lost: asking for the full state", user);
    }
    Mono<Void> after =
        gap && current != null && !terminated
            ? send(current).onErrorResume(e -> Mono.empty())
            : Mono.empty();
    // the NOTIFY is answered before anyone hears of the new state: whatever they do next (hang up,
    // say) then follows the 200 on the wire
    return request
        .respond(Response.OK)
        .then(
            Mono.fromRunnable(
                () -> {
                  if (applied != null) {
                    states.emitNext(
                        applied, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(100)));
                  }
                }))
        .then(after);
  }

  /** The conference state after each notification. */
  public Flux<ConferenceInfo> states() {
    return states.asFlux();
  }

  /** The conference state as last notified. */
  public synchronized ConferenceInfo state() {
    return state.full(Math.max(0, versions.last()));
  }

  /**
   * Forgets the subscription without a word to the notifier (it is gone): no refresh, the states
   * end.
   */
  public void abandon() {
    Dialog current;
    synchronized (this) {
      ended = true;
      refresh.dispose();
      current = dialog;
    }
    if (current != null) {
      current.delete(); // the stack keeps no dialog for a subscription nobody serves
    }
    states.emitComplete(Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
  }

  /** Ends the subscription (Expires 0); never fails. */
  public Mono<Void> end() {
    return Mono.defer(
            () -> {
              Dialog current;
              synchronized (this) {
                if (ended) {
                  return Mono.empty();
                }
                ended = true;
                refresh.dispose();
                current = dialog;
              }
              if (current == null) {
                return Mono.empty();
              }
              Request subscribe = sip.inDialog(current, Request.SUBSCRIBE);
              try {
                subscribe.addHeader(sip.headers().createEventHeader("conference"));
                subscribe.addHeader(sip.headers().createExpiresHeader(0));
              } catch (ParseException | InvalidArgumentException e) {
                return Mono.error(e);
              }
              return sip.send(subscribe, current).timeout(Duration.ofSeconds(5)).then();
            })
        .onErrorResume(e -> Mono.empty())
        .doFinally(signal -> states.tryEmitComplete());
  }
}
