package org.p2psip.disco.focus;

import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import javax.sip.Dialog;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jspecify.annotations.Nullable;
import org.p2psip.disco.media.ConferenceMedia;
import org.p2psip.disco.media.MediaLeg;
import org.p2psip.disco.sdp.AudioSdp;
import org.p2psip.disco.sdp.InvalidSdp;
import org.p2psip.disco.sip.SipEndpoint;
import org.p2psip.disco.sip.SipUris;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The audio between foci (DisCo 3.3: "media connections to other focus peers"; the draft leaves
 * their setup open): one SIP call per pair of linked foci, placed by the focus whose entity sorts
 * first, its INVITE's Contact marked {@code isfocus} (RFC 4579 3.3), over which each focus sends
 * the mix of its own participants and receives the other's. Only a focus this one links to (or that
 * subscribes to it) is taken as a relay; a relay is not a participant, not listed in the conference
 * state and not counted against the participant limit.
 */
final class FocusRelays {

  private static final Logger LOG = LoggerFactory.getLogger(FocusRelays.class);

  /** RFC 4579's Contact feature parameter of a conference focus. */
  static final String IS_FOCUS = "isfocus";

  private record Relay(String peer, String callId, MediaLeg leg, @Nullable Dialog dialog) {}

  private final SipEndpoint sip;
  private final ConferenceMedia media;
  private final String focus;
  private final String conference;
  private final String conferenceUser;
  private final String mediaAddress;
  private final Map<String, Relay> byPeer = new LinkedHashMap<>();
  private final Map<String, String> placing = new LinkedHashMap<>(); // peer -> "" while inviting

  FocusRelays(
      SipEndpoint sip,
      ConferenceMedia media,
      String focus,
      String conference,
      String conferenceUser,
      String mediaAddress) {
    this.sip = sip;
    this.media = media;
    this.focus = focus;
    this.conference = conference;
    this.conferenceUser = conferenceUser;
    this.mediaAddress = mediaAddress;
  }

  /** Whether {@code invite} comes from a focus (its Contact carries {@code isfocus}). */
  static boolean fromFocus(Request invite) {
    ContactHeader contact = (ContactHeader) invite.getHeader(ContactHeader.NAME);
    if (contact == null) {
      return false;
    }
    for (Iterator<?> names = contact.getParameterNames(); names.hasNext(); ) {
      if (IS_FOCUS.equalsIgnoreCase((String) names.next())) {
        return true;
      }
    }
    return false;
  }

  /** A link to {@code peer} at {@code target} is up: the first of the two places the relay call. */
  Mono<Void> linked(String peer, String target) {
    synchronized (this) {
      if (focus.compareTo(peer) >= 0 || byPeer.containsKey(peer) || placing.containsKey(peer)) {
        return Mono.empty();
      }
      placing.put(peer, "");
    }
    return Mono.fromCallable(() -> media.open("relay " + peer, MediaLeg.Role.RELAY))
        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
        .flatMap(
            leg -> {
              ContactHeader contact = sip.contact(conferenceUser, SipUris.transportOf(target));
              try {
                contact.setParameter(IS_FOCUS, null);
              } catch (java.text.ParseException e) {
                throw new IllegalStateException(e);
              }
              Request invite =
                  sip.request(
                      Request.INVITE,
                      target,
                      "<" + focus + ">",
                      "<" + conference + ">",
                      contact,
                      AudioSdp.offer(
                          conferenceUser,
                          ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE),
                          mediaAddress,
                          leg.port()),
                      "application/sdp");
              String callId = ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId();
              return sip.send(invite)
                  .flatMap(
                      answer -> {
                        if (answer.status() >= 300) {
                          media.close(leg);
                          LOG.info(
                              "{}: {} refused the audio relay: {}", focus, peer, answer.status());
                          return Mono.<Void>empty();
                        }
                        AudioSdp.Offer answered = AudioSdp.parse(answer.response().getRawContent());
                        leg.connect(
                            new InetSocketAddress(answered.address(), answered.port()),
                            answered.payloadTypes().get(0));
                        boolean kept;
                        synchronized (this) {
                          kept = placing.remove(peer) != null;
                          if (kept) {
                            byPeer.put(peer, new Relay(peer, callId, leg, answer.dialog()));
                          }
                        }
                        if (!kept) {
                          media.close(leg); // the peer went meanwhile
                        } else {
                          LOG.info("{}: audio relayed with {}", focus, peer);
                        }
                        return sip.ack(answer);
                      })
                  .doOnError(error -> media.close(leg));
            })
        .onErrorResume(
            error -> {
              LOG.info("{}: no audio relay with {}: {}", focus, peer, error.toString());
              return Mono.empty();
            })
        .doFinally(
            signal -> {
              synchronized (this) {
                placing.remove(peer);
              }
            });
  }

  /**
   * Answers a relay INVITE from a peer focus {@code known} accepts; anything else from a focus is
   * refused 403 (a focus that is not one of this conference's would hear everyone, unlisted).
   */
  Mono<Void> answer(SipEndpoint.Incoming request, Predicate<String> known) {
    Request invite = request.request();
    FromHeader from = (FromHeader) invite.getHeader(FromHeader.NAME);
    String peer = from == null ? "" : SipUris.aor(from.getAddress().getURI());
    if (!known.test(peer)) {
      LOG.info("{}: audio relay from {} refused: not a linked focus", focus, peer);
      return request.respond(Response.FORBIDDEN);
    }
    AudioSdp.Offer offer;
    Integer codec;
    try {
      byte[] body = invite.getRawContent();
      offer = AudioSdp.parse(body == null ? new byte[0] : body);
      codec = AudioSdp.choose(offer);
    } catch (InvalidSdp e) {
      return request.respond(Response.BAD_REQUEST);
    }
    if (codec == null) {
      return request.respond(Response.NOT_ACCEPTABLE_HERE);
    }
    int chosen = codec;
    return Mono.fromCallable(() -> media.open("relay " + peer, MediaLeg.Role.RELAY))
        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
        .flatMap(
            leg -> {
              leg.connect(new InetSocketAddress(offer.address(), offer.port()), chosen);
              Response ok = request.response(Response.OK);
              ok.addHeader(sip.contact(conferenceUser, FocusAgent.transportOf(invite)));
              sip.setBody(
                  ok,
                  AudioSdp.answer(
                      conferenceUser,
                      ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE),
                      mediaAddress,
                      leg.port(),
                      chosen),
                  "application/sdp");
              String callId = ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId();
              Relay old;
              synchronized (this) {
                old = byPeer.put(peer, new Relay(peer, callId, leg, request.dialog()));
              }
              if (old != null) {
                media.close(old.leg()); // the peer placed it again (it restarted)
              }
              LOG.info("{}: audio relayed with {}", focus, peer);
              return request.respond(ok).doOnError(error -> ended(callId));
            });
  }

  /** Ends the relay of this Call-ID (the peer's BYE); whether there was one. */
  boolean ended(String callId) {
    Relay relay;
    synchronized (this) {
      relay =
          byPeer.values().stream().filter(r -> r.callId().equals(callId)).findFirst().orElse(null);
      if (relay != null) {
        byPeer.remove(relay.peer());
      }
    }
    if (relay == null) {
      return false;
    }
    media.close(relay.leg());
    return true;
  }

  /** The peer is gone or unlinked: its relay's audio stops (a BYE if it may still hear it). */
  void gone(String peer, boolean sayBye) {
    Relay relay;
    synchronized (this) {
      relay = byPeer.remove(peer);
      placing.remove(peer);
    }
    if (relay == null) {
      return;
    }
    media.close(relay.leg());
    if (sayBye && relay.dialog() != null) {
      sip.send(sip.inDialog(relay.dialog(), Request.BYE), relay.dialog())
          .subscribe(
              answer -> {}, error -> LOG.debug("relay BYE to {}: {}", peer, error.toString()));
    }
  }

  /** Ends every relay (this focus leaves). */
  void leaveAll() {
    List<String> peers;
    synchronized (this) {
      peers = List.copyOf(byPeer.keySet());
    }
    peers.forEach(peer -> gone(peer, true));
  }

  synchronized List<String> peers() {
    return List.copyOf(byPeer.keySet());
  }
}
