package org.p2psip.disco.focus;

import java.util.function.BiFunction;
import java.util.function.Consumer;
import javax.sip.Dialog;
import org.p2psip.disco.state.ConferenceInfo;
import org.p2psip.disco.state.ConferenceInfoXml;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * One subscription to the conference state, on the notifier's side: its dialog, the body type and
 * event package the subscriber asked for, the version counter (RFC 4575 4.6: one more per
 * notification), and an outbox that sends its NOTIFYs one after the other, each after the previous
 * one's final answer. Without the outbox, notifications of one subscription raced each other on
 * separate threads and reached the subscriber out of version (and CSeq) order.
 */
final class Subscription {

  /** One NOTIFY to send: the document (its version set), the Subscription-State and expiry. */
  record Notification(ConferenceInfo document, String state, int expires) {}

  private final Dialog dialog;
  private final String subscriber;
  private final String contentType;
  private final String event;
  private final Sinks.Many<Notification> outbox = Sinks.many().unicast().onBackpressureBuffer();
  private final Disposable sending;
  private final Sinks.Empty<Void> drained = Sinks.empty();
  private long version;
  private long expiresAtMillis;

  /**
   * @param subscriber the subscriber's AoR
   * @param send sends one NOTIFY and emits whether the subscriber took it (a 2xx)
   * @param failed called once when a NOTIFY was refused or could not be sent: the subscription is
   *     over
   */
  Subscription(
      Dialog dialog,
      String subscriber,
      String contentType,
      String event,
      long expiresAtMillis,
      BiFunction<Subscription, Notification, Mono<Boolean>> send,
      Consumer<Subscription> failed) {
    this.dialog = dialog;
    this.subscriber = subscriber;
    this.contentType = contentType;
    this.event = event;
    this.expiresAtMillis = expiresAtMillis;
    this.sending =
        outbox
            .asFlux()
            .concatMap(
                notification ->
                    // never on the emitting thread: it holds the focus agent's lock, and building
                    // a NOTIFY takes the SIP dialog's, which a SIP thread may hold while it waits
                    // for the agent's (a deadlock seen with many calls at once)
                    attempt(send, notification)
                        // one more try a second later: a NOTIFY lost to a busy or restarting
                        // subscriber should not end a subscription it would have kept
                        .flatMap(
                            accepted ->
                                accepted
                                    ? Mono.just(true)
                                    : Mono.delay(RETRY_AFTER).then(attempt(send, notification)))
                        .doOnNext(
                            accepted -> {
                              if (!accepted) {
                                failed.accept(this);
                                close();
                              }
                            }))
            .doFinally(signal -> drained.tryEmitEmpty())
            .subscribe();
  }

  private static final java.time.Duration RETRY_AFTER = java.time.Duration.ofSeconds(1);

  /** Completes once the outbox is closed and every NOTIFY in it was sent (or given up). */
  Mono<Void> drained() {
    return drained.asMono();
  }

  private Mono<Boolean> attempt(
      BiFunction<Subscription, Notification, Mono<Boolean>> send, Notification notification) {
    return Mono.defer(() -> send.apply(this, notification))
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorReturn(false)
        .defaultIfEmpty(false);
  }

  Dialog dialog() {
    return dialog;
  }

  /** The subscriber's AoR (its From). */
  String subscriber() {
    return subscriber;
  }

  /** Whether the subscriber is a focus: it asked for DisCo's body type (DisCo 5.1). */
  boolean focus() {
    return contentType.equals(ConferenceInfoXml.DISTRIBUTED_CONFERENCE_INFO_TYPE);
  }

  String contentType() {
    return contentType;
  }

  /** The event package as the subscriber named it ({@code conference} or {@code disco}). */
  String event() {
    return event;
  }

  long expiresAtMillis() {
    return expiresAtMillis;
  }

  void refresh(long expiresAtMillis) {
    this.expiresAtMillis = expiresAtMillis;
  }

  /**
   * Queues {@code document} as the next version. Callers serialise calls (the focus agent's lock),
   * so versions and queue order agree.
   */
  void enqueue(ConferenceInfo document, String state, int expires) {
    version++;
    ConferenceInfo numbered =
        new ConferenceInfo(
            document.entity(),
            version,
            document.state(),
            document.description(),
            document.users(),
            document.focusStates());
    // close() may run on the sending thread at the same time: emits are serialised, not dropped
    outbox.emitNext(
        new Notification(numbered, state, expires),
        Sinks.EmitFailureHandler.busyLooping(java.time.Duration.ofMillis(100)));
  }

  /** No more notifications: the queue ends after those already in it. */
  void close() {
    outbox.emitComplete(Sinks.EmitFailureHandler.busyLooping(java.time.Duration.ofMillis(100)));
  }

  /** Stops at once, dropping what is queued. */
  void dispose() {
    sending.dispose();
  }
}
