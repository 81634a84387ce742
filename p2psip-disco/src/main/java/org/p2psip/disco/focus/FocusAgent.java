package org.p2psip.disco.focus;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
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
import org.p2psip.disco.sdp.AudioSdp;
import org.p2psip.disco.sdp.InvalidSdp;
import org.p2psip.disco.sip.SipEndpoint;
import org.p2psip.disco.sip.SipEndpoint.Incoming;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

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

  /**
   * @param conference the conference URI ({@code sip:conf@example.org})
   * @param focus this focus's AoR, its entity in the state
   * @param maxParticipants calls beyond this many are refused 486 (delegation: a later step)
   * @param mediaAddress the address its RTP sockets bind to and its SDP names
   */
  public record Settings(
      String conference, String focus, int maxParticipants, String mediaAddress) {}

  private record Call(String participant, DatagramChannel media) {}

  private record Subscriber(Dialog dialog, String contentType, long[] version) {}

  private final SipEndpoint sip;
  private final Settings settings;
  private final ConferenceInfoXml xml = new ConferenceInfoXml();
  private final ConferenceState state;
  private final Map<String, Call> calls = new LinkedHashMap<>(); // by Call-ID
  private final Map<String, Subscriber> subscribers = new LinkedHashMap<>(); // by Call-ID
  private final String conferenceUser;

  public FocusAgent(SipEndpoint sip, Settings settings) {
    this.sip = sip;
    this.settings = settings;
    this.conferenceUser = userOf(settings.conference());
    this.state =
        new ConferenceState(
            settings.conference(),
            new Description(null, null, List.of(new AvailableMedia("audio", "audio", "sendrecv"))));
    state.apply(
        new ConferenceInfo(
            settings.conference(),
            0,
            ElementState.PARTIAL,
            null,
            null,
            new FocusStates(
                ElementState.PARTIAL,
                List.of(
                    new Focus(
                        settings.focus(),
                        ElementState.FULL,
                        new Capacity(settings.maxParticipants(), null),
                        List.of(),
                        List.of())))));
    sip.onRequest(this::handle);
  }

  /** The conference state as this focus holds it now, a full document. */
  public synchronized ConferenceInfo state() {
    return state.full(0);
  }

  /** How many calls this focus is in. */
  public synchronized int participants() {
    return calls.size();
  }

  private Mono<Void> handle(Incoming request) {
    return switch (request.method()) {
      case Request.INVITE -> invite(request);
      case Request.ACK -> Mono.empty();
      case Request.BYE -> bye(request);
      case Request.SUBSCRIBE -> subscribe(request);
      case Request.OPTIONS -> request.respond(Response.OK);
      case Request.CANCEL -> request.respond(Response.OK);
      default -> request.respond(Response.METHOD_NOT_ALLOWED);
    };
  }

  private Mono<Void> invite(Incoming request) {
    Request invite = request.request();
    if (!forThisConference(invite)) {
      return request.respond(Response.NOT_FOUND);
    }
    if (request.dialog() != null
        && request.dialog().getState() != null
        && calls.containsKey(callId(invite))) {
      return request.respond(Response.OK); // a re-INVITE: nothing changes yet
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
    String participant =
        aor(((FromHeader) invite.getHeader(FromHeader.NAME)).getAddress().getURI());
    ContactHeader contact = (ContactHeader) invite.getHeader(ContactHeader.NAME);
    String coordinate = null;
    if (contact != null && contact.getAddress().getURI() instanceof SipURI uri) {
      byte[] bytes = CoordParameter.decode(uri.getParameter(CoordParameter.NAME));
      coordinate = bytes == null ? null : java.util.Base64.getEncoder().encodeToString(bytes);
    }
    DatagramChannel media;
    Response ok;
    ConferenceInfo change;
    synchronized (this) {
      if (calls.size() >= settings.maxParticipants()) {
        return request.respond(Response.BUSY_HERE);
      }
      try {
        media = DatagramChannel.open();
        media.bind(new InetSocketAddress(settings.mediaAddress(), 0));
      } catch (IOException e) {
        LOG.warn("{}: no RTP port: {}", settings.focus(), e.toString());
        return request.respond(Response.SERVICE_UNAVAILABLE);
      }
      int port = ((InetSocketAddress) localAddress(media)).getPort();
      ok = request.response(Response.OK);
      ok.addHeader(sip.contact(conferenceUser, transportOf(invite)));
      sip.setBody(
          ok,
          AudioSdp.answer(
              conferenceUser,
              ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE),
              settings.mediaAddress(),
              port,
              codec),
          "application/sdp");
      String callId = callId(invite);
      calls.put(callId, new Call(participant, media));
      SipDialog dialog =
          new SipDialog(
              callId,
              ((FromHeader) invite.getHeader(FromHeader.NAME)).getTag(),
              ((ToHeader) ok.getHeader(ToHeader.NAME)).getTag());
      change =
          state.apply(
              joined(
                  participant,
                  contact == null ? participant : aor(contact.getAddress().getURI()),
                  coordinate,
                  dialog));
      LOG.info(
          "{}: {} joined {} ({} participants)",
          settings.focus(),
          participant,
          settings.conference(),
          calls.size());
    }
    return request.respond(ok).then(notifyAll(change));
  }

  private Mono<Void> bye(Incoming request) {
    String callId = callId(request.request());
    ConferenceInfo change = null;
    synchronized (this) {
      Call call = calls.remove(callId);
      if (call != null) {
        close(call.media());
        change = state.apply(left(call.participant()));
        LOG.info(
            "{}: {} left ({} participants)", settings.focus(), call.participant(), calls.size());
      } else if (subscribers.remove(callId) != null) {
        LOG.debug("{}: subscription {} ended by BYE", settings.focus(), callId);
      }
    }
    return request.respond(Response.OK).then(notifyAll(change));
  }

  private Mono<Void> subscribe(Incoming request) {
    Request subscribe = request.request();
    EventHeader event = (EventHeader) subscribe.getHeader(EventHeader.NAME);
    String type = event == null ? "" : event.getEventType().toLowerCase(Locale.ROOT);
    if (!type.equals(EVENT) && !type.equals(EVENT_SYNONYM)) {
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
    int expires = asked == null ? DEFAULT_EXPIRES : Math.min(asked.getExpires(), DEFAULT_EXPIRES);
    Response ok = request.response(Response.OK);
    ok.addHeader(sip.contact(conferenceUser, transportOf(subscribe)));
    try {
      ok.addHeader(sip.headers().createExpiresHeader(expires));
    } catch (InvalidArgumentException e) {
      throw new IllegalStateException(e);
    }
    String callId = callId(subscribe);
    return request
        .respond(ok)
        .then(
            Mono.defer(
                () -> {
                  Dialog dialog = request.dialog();
                  if (dialog == null) {
                    return Mono.empty();
                  }
                  Subscriber subscriber;
                  ConferenceInfo full;
                  synchronized (this) {
                    if (expires == 0) {
                      subscribers.remove(callId);
                      subscriber = new Subscriber(dialog, contentType, new long[] {0});
                    } else {
                      subscriber =
                          subscribers.computeIfAbsent(
                              callId, id -> new Subscriber(dialog, contentType, new long[] {0}));
                    }
                    full = state.full(++subscriber.version()[0]);
                  }
                  return notify(subscriber, full, expires == 0 ? "terminated" : "active", expires);
                }));
  }

  /** Every change goes to every subscriber as a partial document of its next version. */
  private Mono<Void> notifyAll(@Nullable ConferenceInfo change) {
    if (change == null) {
      return Mono.empty();
    }
    List<Mono<Void>> sends = new ArrayList<>();
    synchronized (this) {
      for (Subscriber subscriber : subscribers.values()) {
        long version = ++subscriber.version()[0];
        sends.add(
            notify(
                subscriber,
                new ConferenceInfo(
                    change.entity(),
                    version,
                    ElementState.PARTIAL,
                    change.description(),
                    change.users(),
                    change.focusStates()),
                "active",
                -1));
      }
    }
    return Flux.merge(sends).then();
  }

  private Mono<Void> notify(
      Subscriber subscriber, ConferenceInfo document, String subscriptionState, int expires) {
    return Mono.defer(
        () -> {
          Request notify = sip.inDialog(subscriber.dialog(), Request.NOTIFY);
          try {
            notify.addHeader(sip.headers().createEventHeader(EVENT));
            SubscriptionStateHeader status =
                sip.headers().createSubscriptionStateHeader(subscriptionState);
            if (expires > 0) {
              status.setExpires(expires);
            }
            notify.addHeader(status);
          } catch (ParseException | InvalidArgumentException e) {
            return Mono.error(e);
          }
          sip.setBody(notify, xml.write(document), subscriber.contentType());
          return sip.send(notify, subscriber.dialog())
              .doOnNext(
                  answer -> {
                    if (answer.status() >= 300) {
                      LOG.info(
                          "{}: NOTIFY answered {}: subscription dropped",
                          settings.focus(),
                          answer.status());
                      dropSubscriber(subscriber);
                    }
                  })
              .onErrorResume(
                  error -> {
                    LOG.info("{}: NOTIFY failed: {}", settings.focus(), error.getMessage());
                    dropSubscriber(subscriber);
                    return Mono.empty();
                  })
              .then();
        });
  }

  private synchronized void dropSubscriber(Subscriber subscriber) {
    subscribers.values().remove(subscriber);
  }

  private ConferenceInfo joined(
      String participant, String endpoint, @Nullable String coordinate, SipDialog dialog) {
    return new ConferenceInfo(
        settings.conference(),
        0,
        ElementState.PARTIAL,
        null,
        new Users(
            ElementState.PARTIAL,
            List.of(
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
                            dialog))))),
        new FocusStates(
            ElementState.PARTIAL,
            List.of(
                new Focus(
                    settings.focus(),
                    ElementState.PARTIAL,
                    null,
                    List.of(new Participant(participant, ElementState.FULL, coordinate)),
                    List.of()))));
  }

  private ConferenceInfo left(String participant) {
    return new ConferenceInfo(
        settings.conference(),
        0,
        ElementState.PARTIAL,
        null,
        new Users(
            ElementState.PARTIAL,
            List.of(new User(participant, ElementState.DELETED, null, List.of()))),
        new FocusStates(
            ElementState.PARTIAL,
            List.of(
                new Focus(
                    settings.focus(),
                    ElementState.PARTIAL,
                    null,
                    List.of(new Participant(participant, ElementState.DELETED, null)),
                    List.of()))));
  }

  private boolean forThisConference(Request request) {
    if (request.getRequestURI() instanceof SipURI uri && conferenceUser.equals(uri.getUser())) {
      return true;
    }
    ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
    return to != null && aor(to.getAddress().getURI()).equals(aorOf(settings.conference()));
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

  private static String transportOf(Request request) {
    var via = (javax.sip.header.ViaHeader) request.getHeader(javax.sip.header.ViaHeader.NAME);
    return via == null ? "udp" : via.getTransport().toLowerCase(Locale.ROOT);
  }

  /** {@code sip:user@host} of a URI, without port or parameters. */
  private static String aor(URI uri) {
    if (uri instanceof SipURI sip) {
      return (sip.isSecure() ? "sips:" : "sip:")
          + (sip.getUser() == null ? "" : sip.getUser() + "@")
          + sip.getHost();
    }
    return uri.toString();
  }

  private static String aorOf(String uri) {
    int semicolon = uri.indexOf(';');
    return semicolon < 0 ? uri : uri.substring(0, semicolon);
  }

  private static String userOf(String uri) {
    int colon = uri.indexOf(':');
    int at = uri.indexOf('@');
    return colon >= 0 && at > colon ? uri.substring(colon + 1, at) : uri;
  }

  private static java.net.SocketAddress localAddress(DatagramChannel channel) {
    try {
      return channel.getLocalAddress();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void close(DatagramChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("RTP socket close: {}", e.toString());
    }
  }

  /** Ends every call's media and forgets subscribers; the SIP agent is closed by its owner. */
  @Override
  public synchronized void close() {
    for (Call call : calls.values()) {
      close(call.media());
    }
    calls.clear();
    subscribers.clear();
  }
}
