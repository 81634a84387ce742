package org.p2psip.client.conference;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.p2psip.client.registry.RegistryClient;
import org.p2psip.client.registry.SipLocations;
import org.p2psip.disco.focus.FocusAgent;
import org.p2psip.disco.sip.SipEndpoint;
import org.p2psip.disco.sip.SipTls;
import org.p2psip.netcoord.FocusRanking;
import org.p2psip.probe.ProbeResponder;
import org.p2psip.protocol.reload.CertificateIdentity;
import org.p2psip.protocol.reload.Coordinate;
import org.p2psip.protocol.reload.DisCoRegistration;
import org.p2psip.protocol.value.Id128;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A focus of a conference, served: its SIP agent and {@link FocusAgent}, its DISCO-REGISTRATION
 * (DisCo 4.5: the SIP URI participants call, with its coordinate; refreshed before its lifetime
 * ends), its RTT probe responder when it has a probe port, and its place in the synchronisation
 * graph: every other focus the registry lists is subscribed to (DisCo 5.1's pairwise subscription),
 * looked for again every {@code discovery} interval so that foci advertised later are linked too.
 *
 * <p>The focus links to the other foci when it starts rather than at its first call (the draft's
 * order, Figure 6): it then knows the roster before its first participant arrives, and no call
 * waits for a subscription.
 */
public final class ServedFocus implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ServedFocus.class);

  /**
   * @param conference the conference URI
   * @param name this focus's SIP user ({@code sip:name@host})
   * @param sipHost the address its SIP agent and RTP listen on and advertise
   * @param sipPort its SIP port on UDP and TCP (0: any free one)
   * @param maxParticipants calls beyond this many are refused
   * @param probePort where it answers RTT probes (advertised as {@code ;probe=}), or null
   * @param probeReplyDelay added before each probe answer: a simulated access delay, for
   *     demonstrations on one machine only (zero otherwise)
   * @param coordinate its network coordinate, advertised
   * @param lifetime the registration's lifetime; refreshed at half of it
   * @param discovery how often the registry is read for foci to link to
   * @param overlayCa the CA other foci's entries must chain to, or null
   * @param user when not null, the focus serves as this overlay user: its address of record ({@code
   *     sip:} + the certificate's user name) is what it advertises and its entity in the conference
   *     state, and its SIP contact is stored as the user's SIP-REGISTRATION (signed with the user's
   *     key), through which participants and foci reach it (DisCo 4.4)
   * @param tls SIP over TLS with an overlay certificate (the user's, or the conference's), or null:
   *     its port is advertised as the URI's {@code tls} parameter, and other foci that have TLS too
   *     are linked over it
   */
  public record Settings(
      String conference,
      String name,
      String sipHost,
      int sipPort,
      int maxParticipants,
      @Nullable Integer probePort,
      Duration probeReplyDelay,
      Coordinate coordinate,
      Duration lifetime,
      Duration discovery,
      @Nullable X509Certificate overlayCa,
      @Nullable UserIdentity user,
      @Nullable SipTls tls) {}

  /** An overlay user's key and certificate (from its profile). */
  public record UserIdentity(PrivateKey key, X509Certificate certificate) {
    public String aor() {
      return "sip:" + CertificateIdentity.of(certificate).userName();
    }
  }

  private final Settings settings;
  private final SipEndpoint sip;
  private final FocusAgent agent;
  private final @Nullable ProbeResponder probes;
  private final String uri;
  private final String entity;
  private final String contact;
  private final Disposable.Composite tasks = Disposables.composite();
  private volatile @Nullable FocusRole role;

  private ServedFocus(
      Settings settings, SipEndpoint sip, FocusAgent agent, @Nullable ProbeResponder probes) {
    this.settings = settings;
    this.sip = sip;
    this.agent = agent;
    this.probes = probes;
    this.contact =
        "sip:"
            + settings.name()
            + "@"
            + settings.sipHost()
            + ":"
            + sip.port("udp")
            + (sip.tls() ? ";tls=" + sip.port("tls") : "");
    String probe = probes == null ? "" : ";probe=" + probes.port();
    if (settings.user() != null) {
      this.entity = settings.user().aor();
      this.uri = entity; // an address of record: resolved through SIP-REGISTRATION
    } else {
      this.entity = "sip:" + settings.name() + "@" + settings.sipHost();
      this.uri = contact + probe;
    }
  }

  /**
   * Starts the SIP agent (and probe responder), advertises the focus and starts linking to the
   * other foci; emits once the registration is stored.
   */
  public static Mono<ServedFocus> start(
      RegistryClient registry, FocusRole role, Settings settings) {
    return Mono.fromCallable(() -> open(settings))
        .flatMap(
            focus ->
                focus
                    .advertise(role, new SipLocations(registry))
                    .then(
                        Mono.fromRunnable(
                            () -> {
                              focus.role = role;
                              focus.schedule(registry, role);
                            }))
                    .thenReturn(focus)
                    .doOnError(error -> focus.close()));
  }

  private static ServedFocus open(Settings settings) {
    SipEndpoint sip =
        SipEndpoint.start(
            SipEndpoint.Settings.of(settings.name(), settings.sipHost(), settings.sipPort())
                .withTls(settings.tls()));
    ProbeResponder probes = null;
    try {
      if (settings.probePort() != null) {
        probes =
            new ProbeResponder(
                    new ProbeResponder.Settings(
                        settings.name(),
                        settings.sipHost(),
                        settings.probePort(),
                        200,
                        50,
                        settings.probeReplyDelay()),
                    ProbeResponder.Listener.NONE)
                .start();
      }
      String entity =
          settings.user() != null
              ? settings.user().aor()
              : "sip:" + settings.name() + "@" + settings.sipHost();
      FocusAgent agent =
          new FocusAgent(
              sip,
              new FocusAgent.Settings(
                  settings.conference(), entity, settings.maxParticipants(), settings.sipHost()));
      return new ServedFocus(settings, sip, agent, probes);
    } catch (RuntimeException e) {
      if (probes != null) {
        probes.stop();
      }
      sip.close();
      throw e;
    }
  }

  private Mono<Long> advertise(FocusRole role, SipLocations locations) {
    Mono<Long> location =
        settings.user() == null
            ? Mono.just(0L)
            : locations
                .register(
                    settings.user().key(),
                    settings.user().certificate(),
                    contact,
                    settings.lifetime().toSeconds())
                .doOnNext(
                    generation ->
                        LOG.info("{} registered at {} (SIP-REGISTRATION)", entity, contact));
    return location
        .then(role.advertise(uri, settings.coordinate(), settings.lifetime().toSeconds()))
        .doOnNext(generation -> LOG.info("{} advertised (generation {})", uri, generation));
  }

  /**
   * The focus a call this one has no room for goes to (DisCo 5.2): from a fresh fetch of the
   * conference's registrations, the trusted focus closest to the joiner's coordinate among those
   * the conference state does not show at their limit (this one excluded); empty when none.
   */
  private Mono<String> delegateTarget(RegistryClient registry, byte @Nullable [] coordinate) {
    return ConferenceFoci.fetch(registry, settings.conference(), settings.overlayCa())
        .flatMap(
            foci -> {
              var held = agent.state().focusStates().foci();
              List<Focus> candidates =
                  foci.trusted().stream()
                      .filter(focus -> focus.registration() instanceof DisCoRegistration.FocusUri)
                      .filter(
                          focus -> {
                            String other =
                                FocusAddress.entity(
                                    ((DisCoRegistration.FocusUri) focus.registration()).uri());
                            if (other.equals(entity)) {
                              return false;
                            }
                            // a potential focus (not in the state yet) has all its room
                            return held.stream()
                                .filter(f -> f.entity().equals(other))
                                .noneMatch(
                                    f ->
                                        f.capacity() != null
                                            && f.capacity().maxParticipants() != null
                                            && f.participants().size()
                                                >= f.capacity().maxParticipants());
                          })
                      .toList();
              if (candidates.isEmpty()) {
                return Mono.empty();
              }
              Focus best = candidates.get(0);
              if (coordinate != null) {
                double[] own = Coordinate.decode(coordinate).toArray();
                best =
                    FocusRanking.rank(
                            own,
                            candidates,
                            focus ->
                                focus.registration().coordinate() == null
                                    ? null
                                    : focus.registration().coordinate().toArray())
                        .get(0)
                        .candidate();
              }
              return FocusAddress.contact(
                  new SipLocations(registry),
                  ((DisCoRegistration.FocusUri) best.registration()).uri(),
                  settings.overlayCa(),
                  sip.tls());
            });
  }

  private void schedule(RegistryClient registry, FocusRole role) {
    agent.delegateWith(coordinate -> delegateTarget(registry, coordinate));
    // each round starts when the previous one ended, so a slow round never overlaps the next
    // (an interval ticking into a busy round would fail and end the loop for good)
    Duration refresh = settings.lifetime().dividedBy(2);
    tasks.add(
        Mono.delay(refresh)
            .then(
                Mono.defer(() -> advertise(role, new SipLocations(registry)))
                    .onErrorResume(
                        error -> {
                          LOG.warn("{}: registration not refreshed: {}", uri, error.toString());
                          return Mono.empty();
                        }))
            .repeat()
            .subscribe());
    tasks.add(
        agent
            .lostPeers()
            .concatMap(
                peer ->
                    retireEntryOf(registry, role, peer)
                        .onErrorResume(
                            error -> {
                              LOG.warn(
                                  "{}: the registration of {} not removed: {}",
                                  uri,
                                  peer,
                                  error.toString());
                              return Mono.empty();
                            }))
            .subscribe());
    tasks.add(
        Mono.defer(() -> linkToOtherFoci(registry, role))
            .onErrorResume(
                error -> {
                  LOG.info("{}: looking for other foci failed: {}", uri, error.toString());
                  return Mono.empty();
                })
            .then(Mono.delay(settings.discovery()))
            .repeat()
            .subscribe());
  }

  /**
   * Removes the registration of {@code peer}, a focus found dead (DisCo 4.6), so that no joiner
   * chooses it any more. A tombstone stored by the owner's key also revokes a delegation the dead
   * focus wrote with (docs/protocol-notes.md, "Focus delegation").
   */
  private Mono<Void> retireEntryOf(RegistryClient registry, FocusRole role, String peer) {
    if (role.isDelegated()) {
      // its rights end at its own entry: the owner's focus, or the entry's lifetime, removes it
      LOG.info("{}: the registration of {} is left to the owner or its lifetime", uri, peer);
      return Mono.empty();
    }
    return ConferenceFoci.fetch(registry, settings.conference(), settings.overlayCa())
        .flatMapMany(foci -> Flux.fromIterable(foci.trusted()))
        .filter(
            focus ->
                focus.registration() instanceof DisCoRegistration.FocusUri at
                    && FocusAddress.entity(at.uri()).equals(peer)
                    && !focus.key().equals(role.key().hex()))
        .concatMap(
            focus ->
                role.retire(Id128.fromHex(focus.key()), RETIRED_TOMBSTONE.toSeconds())
                    .doOnNext(
                        generation ->
                            LOG.info(
                                "{}: removed the registration of {}, found gone (generation {})",
                                uri,
                                peer,
                                generation)))
        .then();
  }

  /** How long the tombstone of a dead focus's entry lives. */
  private static final Duration RETIRED_TOMBSTONE = Duration.ofMinutes(10);

  /**
   * Reads the registry and subscribes to every other focus not linked yet; writes this focus's own
   * entry again when it is missing (another focus took it for gone, DisCo 4.6, while it was not).
   */
  private Mono<Void> linkToOtherFoci(RegistryClient registry, FocusRole role) {
    return ConferenceFoci.fetch(registry, settings.conference(), settings.overlayCa())
        .flatMap(
            foci -> {
              boolean listed =
                  foci.trusted().stream().anyMatch(focus -> focus.key().equals(role.key().hex()));
              if (listed) {
                return Mono.just(foci);
              }
              LOG.warn("{}: its registration is gone: advertised again", uri);
              return advertise(role, new SipLocations(registry))
                  .onErrorResume(
                      error -> {
                        LOG.warn("{}: not advertised again: {}", uri, error.toString());
                        return Mono.empty();
                      })
                  .thenReturn(foci);
            })
        .flatMapMany(foci -> Flux.fromIterable(foci.trusted()))
        .filter(focus -> focus.registration() instanceof DisCoRegistration.FocusUri)
        .map(focus -> ((DisCoRegistration.FocusUri) focus.registration()).uri())
        .filter(other -> !FocusAddress.entity(other).equals(entity()))
        .filter(other -> !agent.linkedPeers().contains(FocusAddress.entity(other)))
        // each attempt runs on its own (link() sets up one at a time per peer): one slow peer
        // holds neither the others nor the next look at the registry back
        .doOnNext(
            other ->
                FocusAddress.contact(
                        new SipLocations(registry), other, settings.overlayCa(), sip.tls())
                    .flatMap(target -> agent.link(FocusAddress.entity(other), target))
                    .subscribe(
                        linked -> {
                          if (!linked) {
                            LOG.info("{}: not linked to {} (tried again later)", uri, other);
                          }
                        }))
        .then()
        .onErrorResume(
            error -> {
              LOG.info("{}: the conference's foci not read: {}", uri, error.toString());
              return Mono.empty();
            });
  }

  /** The SIP URI this focus advertises (with its probe port when it answers probes). */
  public String uri() {
    return uri;
  }

  /** Its entity in the conference state ({@code sip:name@host}). */
  public String entity() {
    return entity;
  }

  /** Where its SIP agent answers ({@code sip:name@host:port}, with {@code ;tls=port}). */
  public String contact() {
    return contact;
  }

  public FocusAgent agent() {
    return agent;
  }

  /**
   * Leaves the conference in a friendly way (DisCo 4.6): stops refreshing and linking, deletes its
   * registration (a tombstone), hands every participant to the closest remaining focus (call
   * delegation) and ends its subscriptions, by which the other foci drop it at once. Emits how many
   * participants were handed over; {@link #close} afterwards.
   */
  public Mono<Long> leave() {
    FocusRole current = role;
    tasks.dispose(); // no refresh writes the entry again, no new link
    Mono<Long> tombstone =
        current == null
            ? Mono.empty()
            : current
                .retire(current.key(), settings.lifetime().toSeconds())
                .doOnNext(generation -> LOG.info("{}: registration deleted", uri))
                .onErrorResume(
                    error -> {
                      LOG.warn("{}: registration not deleted: {}", uri, error.toString());
                      return Mono.empty();
                    });
    return tombstone.then(agent.leave(LEAVE_PATIENCE));
  }

  /** How long a leaving focus waits for its participants' calls to move. */
  private static final Duration LEAVE_PATIENCE = Duration.ofSeconds(5);

  /** Stops serving: the agent, the SIP agent and the probe responder. */
  @Override
  public void close() {
    tasks.dispose();
    agent.close();
    sip.close();
    if (probes != null) {
      probes.stop();
    }
  }
}
