package org.p2psip.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.p2psip.client.conference.ConferenceCreation;
import org.p2psip.client.conference.ConferenceException;
import org.p2psip.client.conference.ConferenceJoin;
import org.p2psip.client.conference.FocusRole;
import org.p2psip.client.coords.CoordinateMeasurement;
import org.p2psip.client.coords.LandmarkDirectoryClient;
import org.p2psip.client.coords.LandmarkSet;
import org.p2psip.client.enroll.Enrollment;
import org.p2psip.client.enroll.Renewal;
import org.p2psip.client.http.HttpClients;
import org.p2psip.client.profile.ConferenceCredentials;
import org.p2psip.client.profile.Profiles;
import org.p2psip.client.registry.RegistryClient;
import org.p2psip.client.registry.SipLocations;
import org.p2psip.disco.participant.StateSubscription;
import org.p2psip.disco.sip.SipEndpoint;
import org.p2psip.disco.state.ConferenceInfo;
import org.p2psip.probe.ProbeResponder;
import org.p2psip.probe.RttProber;
import org.p2psip.protocol.reload.Coordinate;
import org.p2psip.testsupport.FreePorts;
import org.p2psip.testsupport.TestPki;
import org.p2psip.testsupport.TestRedis;

/**
 * The DisCo scenario against the real system: Redis, the enrollment service (HTTPS, development
 * CA), the registry (trusting the CA over HTTPS), three landmarks (test profile, access delays 0,
 * 15 and 30 ms) and the HTTPS gateway, each its packaged jar in its own process. Users enrol
 * through the gateway, measure coordinates, one creates a conference, a second focus advertises,
 * joiners choose their closest focus (probing the foci), a focus leaves and hands its participant
 * over, and a second creation of the URI is refused.
 */
class DisCoScenarioIT {

  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final List<ServiceProcess> PROCESSES = new ArrayList<>();
  static HttpClient https;
  static URI gateway;
  static final String FORWARDING_SECRET = "system-test-secret-" + UUID.randomUUID();
  static URI enrollment;
  static URI registryUri;
  static Path caPem;
  static Path overlayCaPem;

  static ServiceProcess started(ServiceProcess process) {
    PROCESSES.add(process);
    return process;
  }

  @BeforeAll
  static void startTheSystem() throws Exception {
    String redis = TestRedis.url();
    Path work = Files.createTempDirectory("p2psip-system");
    TestPki tls = new TestPki("System TLS CA");
    TestPki.Issued server = tls.server();
    Path cert = TestPki.pem(work, "server.pem", server.certificate());
    Path key = TestPki.pem(work, "server-key.pem", server.keys());
    caPem = TestPki.pem(work, "tls-ca.pem", tls.ca.certificate());
    https = trusting(tls);

    int enrollPort = ServiceProcess.freePort();
    int registryPort = ServiceProcess.freePort();
    int gatewayPort = ServiceProcess.freePort();
    enrollment = URI.create("https://127.0.0.1:" + enrollPort);
    URI registry = URI.create("http://127.0.0.1:" + registryPort);
    registryUri = registry;
    List<String> common = List.of("--spring.data.redis.url=" + redis);

    List<ServiceProcess> starting = new ArrayList<>();
    starting.add(
        started(
            ServiceProcess.start(
                "enrollment",
                "enrollment-service",
                "https",
                enrollPort,
                concat(
                    common,
                    "--spring.profiles.active=dev",
                    "--p2psip.enrollment.ca.generate-in=" + work.resolve("ca"),
                    "--p2psip.enrollment.accounts.verifier-iterations=1000",
                    "--p2psip.enrollment.registry.url=" + registry,
                    "--server.ssl.bundle=tls",
                    "--spring.ssl.bundle.pem.tls.keystore.certificate=file:" + cert,
                    "--spring.ssl.bundle.pem.tls.keystore.private-key=file:" + key,
                    "--p2psip.enrollment.gateway.forwarding-secret=" + FORWARDING_SECRET))));
    starting.add(
        started(
            ServiceProcess.start(
                "registry",
                "disco-registry-service",
                "http",
                registryPort,
                concat(
                    common,
                    "--p2psip.registry.trust.enrollment-url=" + enrollment,
                    "--p2psip.registry.trust.enrollment-ssl-bundle=trust",
                    "--spring.ssl.bundle.pem.trust.truststore.certificate=file:" + caPem))));
    // the gateway checks client certificates against the overlay CA the enrollment service makes
    // when it first starts
    starting.get(0).awaitUp(https, Duration.ofSeconds(150));
    Path overlayCa = work.resolve("ca").resolve("ca.pem");
    overlayCaPem = overlayCa;
    int[] delays = {0, 15, 30};
    int firstLandmark = 0;
    for (int i = 0; i < delays.length; i++) {
      int port = ServiceProcess.freePort();
      if (i == 0) {
        firstLandmark = port;
      }
      starting.add(
          started(
              ServiceProcess.start(
                  "landmark-" + (i + 1),
                  "landmark-service",
                  "http",
                  port,
                  concat(
                      common,
                      "--spring.profiles.active=test",
                      "--p2psip.landmark.id=lm-" + (i + 1),
                      "--p2psip.landmark.port=0",
                      "--p2psip.landmark.reply-delay=" + delays[i] + "ms",
                      "--p2psip.landmark.mesh.namespace=system-" + RUN,
                      "--p2psip.landmark.mesh.measure-interval=500ms",
                      "--p2psip.landmark.mesh.embed-interval=500ms",
                      "--p2psip.landmark.mesh.probe-spacing=5ms",
                      "--p2psip.landmark.mesh.history-rounds=3"))));
    }
    starting.add(
        started(
            ServiceProcess.start(
                "gateway",
                "gateway",
                "https",
                gatewayPort,
                concat(
                    common,
                    "--server.ssl.bundle=tls",
                    "--spring.ssl.bundle.pem.tls.keystore.certificate=file:" + cert,
                    "--spring.ssl.bundle.pem.tls.keystore.private-key=file:" + key,
                    "--p2psip.gateway.enrollment-uri=" + enrollment,
                    "--p2psip.gateway.registry-uri=" + registry,
                    "--p2psip.gateway.landmarks-uri=http://127.0.0.1:" + firstLandmark,
                    "--p2psip.gateway.rate-limit.replenish-rate=1000",
                    "--p2psip.gateway.rate-limit.burst-capacity=1000",
                    "--p2psip.gateway.forwarding-secret=" + FORWARDING_SECRET,
                    "--server.ssl.client-auth=want",
                    "--spring.ssl.bundle.pem.tls.truststore.certificate=file:" + overlayCa,
                    "--spring.cloud.gateway.server.webflux.httpclient.ssl.trusted-x509-certificates="
                        + caPem))));
    for (ServiceProcess process : starting) {
      process.awaitUp(https, Duration.ofSeconds(150));
    }
    gateway = URI.create("https://127.0.0.1:" + gatewayPort);
  }

  @AfterAll
  static void stopTheSystem() throws Exception {
    for (ServiceProcess process : PROCESSES) {
      process.close();
    }
  }

  static List<String> concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all;
  }

  static HttpClient trusting(TestPki pki) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", pki.ca.certificate());
    TrustManagerFactory managers =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    managers.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, managers.getTrustManagers(), null);
    return HttpClient.newBuilder()
        .sslContext(context)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  static String account(String name) throws Exception {
    String user = name + "-" + RUN + "@example.org";
    HttpResponse<String> created =
        https.send(
            HttpRequest.newBuilder(enrollment.resolve("/v1/accounts"))
                .header("Authorization", "Bearer dev-operator-token")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + user + "\",\"password\":\"" + name + "-secret\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return user;
  }

  @Test
  void usersEnrolCreateAConferenceJoinTheirClosestFocusAndAreHandedOverWhenItLeaves()
      throws Exception {
    // enrolment through the gateway: the configuration document is verified by the SDK
    Enrollment enrol = new Enrollment(https, gateway);
    Map<String, Enrollment.Enrolled> users = new LinkedHashMap<>();
    for (String name : List.of("alice", "bob", "carol")) {
      String user = account(name);
      users.put(name, enrol.enroll(user, name + "-secret", 1).block(Duration.ofSeconds(30)));
      assertThat(users.get(name).identity().userName()).isEqualTo(user);
    }

    // the landmarks publish; coordinates through the gateway
    LandmarkDirectoryClient directory = new LandmarkDirectoryClient(https, gateway);
    LandmarkSet set =
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(500))
            .ignoreExceptions()
            .until(
                () -> directory.fetch().block(Duration.ofSeconds(10)),
                s -> s.landmarks().size() == 3 && s.dimensions() == 2);
    RttProber prober = new RttProber(5, Duration.ofSeconds(1), Duration.ofMillis(5));
    Coordinate here = CoordinateMeasurement.measure(set, prober).block().coordinate();
    Coordinate farAway = Coordinate.of(set.landmarks().get(2).coordinate());

    RegistryClient registry = new RegistryClient(https, gateway);
    ProbeResponder aliceProbes =
        new ProbeResponder(
                new ProbeResponder.Settings("alice", "127.0.0.1", 0, 1000, 100, Duration.ZERO),
                ProbeResponder.Listener.NONE)
            .start();
    ProbeResponder bobProbes =
        new ProbeResponder(
                new ProbeResponder.Settings(
                    "bob", "127.0.0.1", 0, 1000, 100, Duration.ofMillis(30)),
                ProbeResponder.Listener.NONE)
            .start();
    try {
      // alice creates the conference: Stat free, conference certificate, signed registration
      String uri = "sip:team-" + RUN + "@example.org";
      ConferenceCreation.Created created =
          new ConferenceCreation(https, gateway, registry)
              .create(
                  uri,
                  users.get("alice").identity().userName(),
                  "alice-secret",
                  "sip:alice@127.0.0.1;probe=" + aliceProbes.port(),
                  here,
                  600)
              .block(Duration.ofSeconds(30));
      assertThat(registry.available(uri).block()).isFalse();

      // bob, given the conference key, becomes a second focus "near lm-3"
      FocusRole bob =
          new FocusRole(
              registry,
              uri,
              created.keys().getPrivate(),
              created.certificate(),
              users.get("bob").identity().nodeIds().get(0));
      bob.advertise("sip:bob@127.0.0.1;probe=" + bobProbes.port(), farAway, 600).block();

      ConferenceJoin join = new ConferenceJoin(registry, prober, 3);
      var overlayCa = users.get("carol").configuration().root();
      ConferenceJoin.Joined carol = join.join(uri, here, overlayCa).block(Duration.ofSeconds(30));
      assertThat(carol.ranked()).hasSize(2);
      assertThat(carol.rejected()).isZero();
      assertThat(carol.chosen().focus().key()).isEqualTo(created.focusKey().hex());
      assertThat(carol.ranked().get(1).probedRttMillis()).isGreaterThanOrEqualTo(30);

      ConferenceJoin.Joined dave =
          new ConferenceJoin(registry, prober, 1)
              .join(uri, farAway, overlayCa)
              .block(Duration.ofSeconds(30));
      assertThat(dave.chosen().focus().key())
          .isEqualTo(users.get("bob").identity().nodeIds().get(0).hex());

      // alice's focus leaves; carol is handed to bob
      FocusRole alice =
          new FocusRole(
              registry,
              uri,
              created.keys().getPrivate(),
              created.certificate(),
              created.focusKey());
      var handovers = alice.leave(Map.of("carol", here), overlayCa, 600).block();
      assertThat(handovers)
          .singleElement()
          .satisfies(
              h ->
                  assertThat(h.moveTo().key())
                      .isEqualTo(users.get("bob").identity().nodeIds().get(0).hex()));
      assertThat(join.join(uri, here, overlayCa).block().ranked()).hasSize(1);

      // the URI stays taken: neither the registry nor the CA lets anyone create it again
      assertThatThrownBy(
              () ->
                  new ConferenceCreation(https, gateway, registry)
                      .create(
                          uri,
                          users.get("carol").identity().userName(),
                          "carol-secret",
                          "sip:carol@127.0.0.1",
                          here,
                          600)
                      .block(Duration.ofSeconds(30)))
          .isInstanceOf(ConferenceException.class);
    } finally {
      aliceProbes.stop();
      bobProbes.stop();
    }
    for (ServiceProcess process : PROCESSES) {
      assertThat(process.alive()).as(process.name + " still running").isTrue();
    }
  }

  /**
   * DisCo over SIP with real processes: three foci ({@code p2psip focus serve}, each its own JVM)
   * of one conference, ten participants ({@code p2psip conference join}, each its own JVM) joining
   * by coordinate, each in a SIP call with its closest focus. Watchers subscribed to every focus
   * from the start see versions rise by one per notification, and every focus converges to the same
   * roster; {@code conference status} says they agree; when the participants stop (BYE), every
   * roster empties.
   */
  @Test
  void threeFociServeTenParticipantsInSipCallsAndAllHoldTheSameRoster() throws Exception {
    String user = account("erin");
    String uri = "sip:calls-" + RUN + "@example.org";
    RegistryClient registry = new RegistryClient(https, gateway);
    double[][] spots = {{0, 0}, {80, 0}, {0, 80}};
    int[] sipPorts = {FreePorts.tcpAndUdp(), FreePorts.tcpAndUdp(), FreePorts.tcpAndUdp()};
    // the first focus's TLS port is fixed so that the conference is created with the contact that
    // focus serves at: a focus starting meanwhile and reading a creation entry without it would
    // link to it over UDP (a link stays on the transport it was made on)
    int firstTlsPort = FreePorts.tcpAndUdp();
    ConferenceCreation.Created created =
        new ConferenceCreation(https, gateway, registry)
            .create(
                uri,
                user,
                "erin-secret",
                "sip:focus-0@127.0.0.1:" + sipPorts[0] + ";tls=" + firstTlsPort,
                Coordinate.of(spots[0]),
                600)
            .block(Duration.ofSeconds(30));
    Path keys =
        new ConferenceCredentials(created.keys().getPrivate(), created.certificate())
            .save(Files.createTempDirectory("conference"));
    // the third focus serves as an enrolled user: participants reach it through its
    // SIP-REGISTRATION (DisCo 4.4), not through a host and port in its DISCO-REGISTRATION
    String frank = account("frank");
    Path home = Files.createTempDirectory("home");
    new Profiles(home)
        .save(frank, new Enrollment(https, gateway).enroll(frank, "frank-secret", 1).block());
    // two participants are enrolled users too: they call their focus over TLS, both ends with
    // overlay certificates (the others over UDP)
    List<String> enrolled = new ArrayList<>();
    for (String name : List.of("pat", "quinn")) {
      String participantUser = account(name);
      new Profiles(home)
          .save(
              participantUser,
              new Enrollment(https, gateway).enroll(participantUser, name + "-secret", 1).block());
      enrolled.add(participantUser);
    }
    String[] fociEntities = {"sip:focus-0@127.0.0.1", "sip:focus-1@127.0.0.1", "sip:" + frank};
    List<ServiceProcess> processes = new ArrayList<>();
    try {
      // frank serves without the conference's key: the owner delegates to his certificate
      Path delegation = home.resolve("frank-delegation.pem");
      ServiceProcess delegate =
          ServiceProcess.cli(
              "delegate-" + RUN,
              List.of(
                  "conference",
                  "delegate",
                  "--conference-dir",
                  keys.toString(),
                  "--to-user",
                  frank,
                  "--home",
                  home.toString(),
                  "--valid",
                  "1h",
                  "--out",
                  delegation.toString()));
      String frankNodeId =
          delegate
              .awaitLine(
                  Pattern.compile("delegated sip:\\S+ to " + Pattern.quote(frank)),
                  Duration.ofSeconds(30))
              .replaceAll(".*\\(Node-ID ([0-9a-f]{32})\\).*", "$1");
      delegate.close();
      List<String> fociTargets = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String key = i == 0 ? created.focusKey().hex() : HexFormat.of().formatHex(randomBytes(16));
        List<String> args =
            new ArrayList<>(
                List.of(
                    "focus",
                    "serve",
                    "--registry",
                    registryUri.toString(),
                    "--uri",
                    uri,
                    "--name",
                    "focus-" + i,
                    "--sip-port",
                    Integer.toString(sipPorts[i]),
                    "--coordinate",
                    spots[i][0] + "," + spots[i][1],
                    "--max-participants",
                    "10",
                    "--discovery",
                    "1s",
                    "--overlay-ca",
                    overlayCaPem.toString()));
        if (i == 0) {
          // and passes the conference's writing permission to participants over TLS (DisCo 4.4)
          args.addAll(List.of("--tls-port", Integer.toString(firstTlsPort), "--pass-focus-rights"));
        }
        if (i < 2) {
          args.addAll(List.of("--conference-dir", keys.toString(), "--key-id", key));
        } else {
          args.addAll(
              List.of(
                  "--delegation",
                  delegation.toString(),
                  "--as-user",
                  frank,
                  "--home",
                  home.toString()));
        }
        ServiceProcess focus = ServiceProcess.cli("focus-" + i + "-" + RUN, args);
        processes.add(focus);
        fociTargets.add("sip:focus-" + i + "@127.0.0.1:" + sipPorts[i]);
      }
      for (ServiceProcess focus : processes) {
        focus.awaitLine(Pattern.compile("serving at"), Duration.ofSeconds(60));
      }
      // frank's entry is his own, signed with his key through the delegation (its chain attached)
      assertThat(registry.fetch(uri, "disco").block(Duration.ofSeconds(10)).entries())
          .filteredOn(entry -> entry.key().equals(frankNodeId))
          .singleElement()
          .satisfies(entry -> assertThat(entry.chain()).hasSize(2));
      // its contact, with the port it answers SIP over TLS on
      assertThat(
              new SipLocations(new RegistryClient(https, gateway))
                  .resolve("sip:" + frank, certificateIn(overlayCaPem))
                  .block(Duration.ofSeconds(10)))
          .hasValueSatisfying(
              contact ->
                  assertThat(contact).matches(Pattern.quote(fociTargets.get(2)) + ";tls=\\d+"));

      // watchers of every focus from before the first join
      try (SipEndpoint watcherSip =
          SipEndpoint.start(SipEndpoint.Settings.of("watcher", "127.0.0.1", 0))) {
        List<StateSubscription> watchers = new ArrayList<>();
        List<List<Long>> versions = new ArrayList<>();
        for (String target : fociTargets) {
          StateSubscription watcher =
              new StateSubscription(watcherSip, uri, "sip:watcher@127.0.0.1", target);
          List<Long> seen = new CopyOnWriteArrayList<>();
          watcher.states().subscribe(state -> seen.add(state.version()));
          watchers.add(watcher);
          versions.add(seen);
        }
        watcherSip.onRequest(
            request -> {
              for (StateSubscription watcher : watchers) {
                if (watcher.owns(request.request())) {
                  return watcher.notified(request);
                }
              }
              return request.respond(481);
            });
        for (StateSubscription watcher : watchers) {
          watcher.start().block(Duration.ofSeconds(20));
        }

        Map<String, Set<String>> expected = new TreeMap<>();
        for (int i = 0; i < 3; i++) {
          expected.put(fociEntities[i], new TreeSet<>());
        }
        List<ServiceProcess> participants = new ArrayList<>();
        for (int p = 0; p < 10; p++) {
          int near = p % 3;
          String as = "sip:p" + p + "-" + RUN + "@example.org";
          expected.get(fociEntities[near]).add(as);
          List<String> overTls =
              p < enrolled.size()
                  ? List.of(
                      "--profile",
                      enrolled.get(p),
                      "--home",
                      home.toString(),
                      "--accept-focus-rights",
                      home.resolve("rights-" + p).toString())
                  : List.of();
          ServiceProcess participant =
              ServiceProcess.cli(
                  "participant-" + p + "-" + RUN,
                  Stream.concat(
                          Stream.of(
                              "conference",
                              "join",
                              "--registry",
                              registryUri.toString(),
                              "--uri",
                              uri,
                              "--coordinate",
                              (spots[near][0] + p * 0.5) + "," + (spots[near][1] + p * 0.25),
                              "--shortlist",
                              "1",
                              "--as",
                              as,
                              "--duration",
                              "180s",
                              "--json",
                              "--overlay-ca",
                              overlayCaPem.toString()),
                          overTls.stream())
                      .toList());
          participants.add(participant);
          processes.add(participant);
        }
        for (int p = 0; p < participants.size(); p++) {
          String call =
              participants
                  .get(p)
                  .awaitLine(Pattern.compile("\"event\":\"call\""), Duration.ofSeconds(90));
          if (p < enrolled.size()) {
            assertThat(call).as("an enrolled participant's call").contains("transport=tls");
            if (p % 3 == 0) {
              // its focus passed the conference's certificate and key in an INFO: kept
              assertThat(
                      participants
                          .get(p)
                          .awaitLine(
                              Pattern.compile("\"event\":\"focus-rights\""),
                              Duration.ofSeconds(30)))
                  .contains("\"kept\":true");
              assertThat(home.resolve("rights-" + p).resolve("cert.pem"))
                  .hasSameTextualContentAs(keys.resolve("cert.pem"));
            }
          } else {
            assertThat(call).as("a participant without a certificate").doesNotContain("tls");
          }
        }
        long lastJoin = System.nanoTime();
        for (StateSubscription watcher : watchers) {
          await()
              .atMost(Duration.ofSeconds(20))
              .pollInterval(Duration.ofMillis(50))
              .untilAsserted(() -> assertThat(roster(watcher.state())).isEqualTo(expected));
        }
        System.out.printf(
            "every focus held the same roster of 10 %.0f ms after the last call was set up%n",
            (System.nanoTime() - lastJoin) / 1e6);
        for (List<Long> seen : versions) {
          List<Long> rising = new ArrayList<>();
          for (long v = 1; v <= seen.size(); v++) {
            rising.add(v);
          }
          assertThat(seen).as("versions of one subscription").isEqualTo(rising);
        }

        ServiceProcess status =
            ServiceProcess.cli(
                "status-" + RUN,
                List.of(
                    "conference",
                    "status",
                    "--registry",
                    registryUri.toString(),
                    "--uri",
                    uri,
                    "--json"));
        processes.add(status);
        status.awaitLine(Pattern.compile("\"agree\":true"), Duration.ofSeconds(60));

        // the participants stop: each hangs up (BYE) on its way out
        for (ServiceProcess participant : participants) {
          participant.close();
        }
        for (StateSubscription watcher : watchers) {
          await()
              .atMost(Duration.ofSeconds(30))
              .untilAsserted(() -> assertThat(watcher.state().users().users()).isEmpty());
        }
        for (ServiceProcess participant : participants) {
          assertThat(participant.output())
              .contains("{\"event\":\"hung-up\",\"by\":\"participant\"}");
        }
        for (StateSubscription watcher : watchers) {
          watcher.end().block(Duration.ofSeconds(10));
        }
      }
      for (int i = 0; i < 3; i++) {
        assertThat(processes.get(i).alive()).as("focus " + i + " still serving").isTrue();
        // the foci hold overlay certificates (the conference's, frank's): they link over TLS
        assertThat(processes.get(i).output())
            .as("focus " + i + " links over TLS")
            .containsPattern("subscribing to the conference state at \\S+ \\(\\S+transport=tls")
            .doesNotContainPattern(
                "subscribing to the conference state at \\S+ \\((?!\\S+transport=tls)");
      }
      assertThat(processes.get(0).output() + processes.get(1).output())
          .as("the enrolled participants' calls")
          .containsPattern("joined \\S+ over TLS");

      // the owner revokes frank's delegation: his entry is deleted and he cannot write it again
      ServiceProcess revoke =
          ServiceProcess.cli(
              "revoke-" + RUN,
              List.of(
                  "conference",
                  "revoke",
                  "--registry",
                  registryUri.toString(),
                  "--uri",
                  uri,
                  "--conference-dir",
                  keys.toString(),
                  "--node-id",
                  frankNodeId));
      revoke.awaitLine(
          Pattern.compile("revoked the delegations of " + frankNodeId), Duration.ofSeconds(30));
      revoke.close();
      processes
          .get(2)
          .awaitLine(Pattern.compile("not advertised again: .*revokes it"), Duration.ofSeconds(30));
      assertThat(registry.fetch(uri, "disco").block(Duration.ofSeconds(10)).entries())
          .filteredOn(entry -> entry.key().equals(frankNodeId))
          .singleElement()
          .satisfies(entry -> assertThat(entry.exists()).isFalse());
    } finally {
      for (ServiceProcess process : processes) {
        process.close();
      }
    }
  }

  /** A conference of three foci, each its own {@code p2psip focus serve} process. */
  private record ThreeFoci(
      String uri, int[] sipPorts, String[] entryKeys, List<ServiceProcess> processes) {}

  private static final double[][] SPOTS = {{0, 0}, {80, 0}, {0, 80}};

  /** Creates a conference owned by a new account and starts its three foci at {@link #SPOTS}. */
  private static ThreeFoci threeFoci(String name, int maxParticipants) throws Exception {
    String user = account(name);
    String uri = "sip:" + name + "-conference-" + RUN + "@example.org";
    int[] sipPorts = {FreePorts.tcpAndUdp(), FreePorts.tcpAndUdp(), FreePorts.tcpAndUdp()};
    ConferenceCreation.Created created =
        new ConferenceCreation(https, gateway, new RegistryClient(https, gateway))
            .create(
                uri,
                user,
                name + "-secret",
                "sip:focus-0@127.0.0.1:" + sipPorts[0],
                Coordinate.of(SPOTS[0]),
                600)
            .block(Duration.ofSeconds(30));
    Path keys =
        new ConferenceCredentials(created.keys().getPrivate(), created.certificate())
            .save(Files.createTempDirectory("conference"));
    String[] entryKeys = new String[3];
    List<ServiceProcess> processes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      entryKeys[i] = i == 0 ? created.focusKey().hex() : HexFormat.of().formatHex(randomBytes(16));
      processes.add(
          ServiceProcess.cli(
              name + "-focus-" + i + "-" + RUN,
              List.of(
                  "focus",
                  "serve",
                  "--registry",
                  registryUri.toString(),
                  "--uri",
                  uri,
                  "--conference-dir",
                  keys.toString(),
                  "--key-id",
                  entryKeys[i],
                  "--name",
                  "focus-" + i,
                  "--sip-port",
                  Integer.toString(sipPorts[i]),
                  "--coordinate",
                  SPOTS[i][0] + "," + SPOTS[i][1],
                  "--max-participants",
                  Integer.toString(maxParticipants),
                  "--discovery",
                  "1s",
                  "--overlay-ca",
                  overlayCaPem.toString())));
    }
    for (ServiceProcess focus : processes) {
      focus.awaitLine(Pattern.compile("serving at"), Duration.ofSeconds(60));
    }
    return new ThreeFoci(uri, sipPorts, entryKeys, processes);
  }

  /** A {@code p2psip conference join} process at {@code spot}, in the call for 180 s. */
  private static ServiceProcess joiner(String name, String uri, String as, double[] spot)
      throws Exception {
    return ServiceProcess.cli(
        name,
        List.of(
            "conference",
            "join",
            "--registry",
            registryUri.toString(),
            "--uri",
            uri,
            "--coordinate",
            spot[0] + "," + spot[1],
            "--shortlist",
            "1",
            "--as",
            as,
            "--duration",
            "180s",
            "--json",
            "--overlay-ca",
            overlayCaPem.toString()));
  }

  /** Every focus's roster, read by subscribing to each (plain UDP, a watcher of its own). */
  private static List<Map<String, Set<String>>> rosters(String uri, int[] sipPorts, int... foci)
      throws Exception {
    List<Map<String, Set<String>>> rosters = new ArrayList<>();
    try (SipEndpoint watcherSip =
        SipEndpoint.start(SipEndpoint.Settings.of("watcher", "127.0.0.1", 0))) {
      for (int i : foci) {
        StateSubscription watcher =
            new StateSubscription(
                watcherSip,
                uri,
                "sip:watcher@127.0.0.1",
                "sip:focus-" + i + "@127.0.0.1:" + sipPorts[i]);
        watcherSip.onRequest(
            request ->
                watcher.owns(request.request()) ? watcher.notified(request) : request.respond(481));
        watcher.start().block(Duration.ofSeconds(20));
        // the first NOTIFY (the full state) may come after the SUBSCRIBE's 200
        ConferenceInfo state = watcher.states().next().block(Duration.ofSeconds(10));
        Map<String, Set<String>> roster = roster(state);
        Set<String> users = new TreeSet<>();
        state.users().users().forEach(u -> users.add(u.entity()));
        roster.put("users", users); // the <users> as well as each focus's <participant>s
        rosters.add(roster);
        watcher.end().block(Duration.ofSeconds(10));
      }
    }
    return rosters;
  }

  /** Closes participants before foci: a focus stopping under them would send them elsewhere. */
  private static void closeAll(List<ServiceProcess> processes) throws InterruptedException {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
  }

  /**
   * DisCo 5.2's call delegation with real processes: three foci of at most two participants each,
   * six joiners all nearest the first focus. The first focus takes two and hands each further call
   * (answered first, then a REFER) to the closest focus with room, which calls the joiner with an
   * INVITE replacing the first call: every joiner ends in one call with a focus under its limit,
   * never hearing busy, and the foci agree on the roster.
   */
  @Test
  void fociAtTheirLimitHandCallsToFociWithRoom() throws Exception {
    ThreeFoci foci = threeFoci("crowd", 2);
    List<ServiceProcess> processes = new ArrayList<>(foci.processes());
    try {
      Set<String> everyone = new TreeSet<>();
      List<ServiceProcess> joiners = new ArrayList<>();
      for (int p = 0; p < 6; p++) {
        String as = "sip:c" + p + "-" + RUN + "@example.org";
        everyone.add(as);
        ServiceProcess joiner =
            joiner("crowd-" + p + "-" + RUN, foci.uri(), as, new double[] {p, p});
        joiners.add(joiner);
        processes.add(joiner);
        // one at a time: each joiner sees the foci the earlier ones filled
        joiner.awaitLine(Pattern.compile("\"event\":\"call\""), Duration.ofSeconds(90));
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                List<Map<String, Set<String>>> rosters =
                    rosters(foci.uri(), foci.sipPorts(), 0, 1, 2);
                for (Map<String, Set<String>> roster : rosters) {
                  assertThat(roster).isEqualTo(rosters.get(0));
                  assertThat(roster.get("users")).isEqualTo(everyone);
                  for (int i = 0; i < 3; i++) {
                    assertThat(roster.get("sip:focus-" + i + "@127.0.0.1")).hasSize(2);
                  }
                }
              });
      assertThat(foci.processes().get(0).output())
          .contains("handing")
          .doesNotContain("kept beyond");
      for (ServiceProcess joiner : joiners) {
        assertThat(joiner.output()).doesNotContain("refused").doesNotContain("cannot call");
      }
    } finally {
      closeAll(processes);
    }
  }

  /**
   * DisCo 4.6 with real processes. Unexpected leave: of three foci, one is killed (SIGKILL) while
   * two participants are in calls with it. The other foci find it gone and drop its partition, its
   * participants find it gone and join again through the closest remaining focus, every remaining
   * focus ends with the same roster of all six, and the dead focus's registration is removed by a
   * remaining focus. Friendly leave: then a second focus is stopped (SIGTERM); it hands its
   * participants to the last focus, which ends up serving all six, and deletes its registration.
   */
  @Test
  void aKilledFocusIsFoundGoneAndALeavingOneHandsItsParticipantsOver() throws Exception {
    ThreeFoci foci = threeFoci("rescue", 10);
    List<ServiceProcess> processes = new ArrayList<>(foci.processes());
    try {
      List<ServiceProcess> participants = new ArrayList<>();
      Set<String> everyone = new TreeSet<>();
      for (int p = 0; p < 6; p++) {
        int near = p % 3;
        String as = "sip:r" + p + "-" + RUN + "@example.org";
        everyone.add(as);
        ServiceProcess participant =
            joiner(
                "rescue-participant-" + p + "-" + RUN,
                foci.uri(),
                as,
                new double[] {SPOTS[near][0] + p, SPOTS[near][1] + p});
        participants.add(participant);
        processes.add(participant);
      }
      for (ServiceProcess participant : participants) {
        participant.awaitLine(Pattern.compile("\"event\":\"call\""), Duration.ofSeconds(90));
      }
      // every focus holds all six before one dies
      for (ServiceProcess focus : foci.processes()) {
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> focus.output().contains("6 participants, 3 foci"));
      }

      foci.processes().get(1).kill();
      long killed = System.nanoTime();

      for (ServiceProcess orphan : List.of(participants.get(1), participants.get(4))) {
        String rejoined =
            orphan.awaitLine(Pattern.compile("\"event\":\"rejoined\""), Duration.ofSeconds(40));
        assertThat(rejoined).doesNotContain("focus-1");
      }
      double backAfter = (System.nanoTime() - killed) / 1e9;
      // the remaining foci agree: all six, served by the two of them
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                List<Map<String, Set<String>>> rosters = rosters(foci.uri(), foci.sipPorts(), 0, 2);
                for (Map<String, Set<String>> roster : rosters) {
                  assertThat(roster).isEqualTo(rosters.get(0));
                  assertThat(roster.keySet())
                      .containsExactlyInAnyOrder(
                          "sip:focus-0@127.0.0.1", "sip:focus-2@127.0.0.1", "users");
                  assertThat(roster.get("users")).isEqualTo(everyone);
                  Set<String> served = new TreeSet<>(roster.get("sip:focus-0@127.0.0.1"));
                  served.addAll(roster.get("sip:focus-2@127.0.0.1"));
                  assertThat(served).isEqualTo(everyone);
                }
              });
      // the dead focus's registration was removed by one of the others
      RegistryClient registry = new RegistryClient(https, gateway);
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(
                          registry
                              .fetch(foci.uri(), "disco")
                              .block(Duration.ofSeconds(10))
                              .entries())
                      .filteredOn(entry -> Boolean.TRUE.equals(entry.exists()))
                      .extracting(entry -> entry.key())
                      .containsExactlyInAnyOrder(foci.entryKeys()[0], foci.entryKeys()[2]));
      System.out.printf(
          "a killed focus's participants were back in calls %.1f s after the kill%n", backAfter);
      for (int i : new int[] {0, 2}) {
        assertThat(foci.processes().get(i).output()).contains("focus-1@127.0.0.1 answered none of");
      }

      // a friendly leave (SIGTERM): focus-2 hands its participants to focus-0 (call delegation),
      // deletes its registration and ends its subscriptions; nobody has to find it gone
      long leaving = System.nanoTime();
      foci.processes().get(2).close();
      assertThat(foci.processes().get(2).output())
          .containsPattern("left \\S+: [1-9]\\d* participants handed over");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                Map<String, Set<String>> roster = rosters(foci.uri(), foci.sipPorts(), 0).get(0);
                assertThat(roster.keySet())
                    .containsExactlyInAnyOrder("sip:focus-0@127.0.0.1", "users");
                assertThat(roster.get("sip:focus-0@127.0.0.1")).isEqualTo(everyone);
                assertThat(roster.get("users")).isEqualTo(everyone);
              });
      System.out.printf(
          "a leaving focus's participants were all with the last focus %.1f s after SIGTERM%n",
          (System.nanoTime() - leaving) / 1e9);
      assertThat(registry.fetch(foci.uri(), "disco").block(Duration.ofSeconds(10)).entries())
          .filteredOn(entry -> Boolean.TRUE.equals(entry.exists()))
          .extracting(entry -> entry.key())
          .containsExactly(foci.entryKeys()[0]);
      for (ServiceProcess participant : participants) {
        assertThat(participant.alive()).isTrue();
        assertThat(participant.output()).doesNotContain("focus-2@127.0.0.1 stopped answering");
      }
    } finally {
      closeAll(processes);
    }
  }

  private static Map<String, Set<String>> roster(ConferenceInfo state) {
    Map<String, Set<String>> roster = new TreeMap<>();
    for (ConferenceInfo.Focus focus : state.focusStates().foci()) {
      Set<String> served = new TreeSet<>();
      focus.participants().forEach(p -> served.add(p.entity()));
      roster.put(focus.entity(), served);
    }
    return roster;
  }

  private static java.security.cert.X509Certificate certificateIn(Path pem) throws Exception {
    return org.p2psip.client.profile.KeyFiles.readCertificate(pem);
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new java.security.SecureRandom().nextBytes(bytes);
    return bytes;
  }

  /**
   * Renewal through the gateway proved by the TLS client certificate alone: the gateway verifies it
   * against the overlay CA and forwards it signed; the enrollment service accepts it only so.
   */
  @Test
  void aUserRenewsThroughTheGatewayWithItsClientCertificate() throws Exception {
    String user = account("dave");
    Enrollment.Enrolled dave =
        new Enrollment(https, gateway).enroll(user, "dave-secret", 1).block(Duration.ofSeconds(30));
    Profiles.Profile profile =
        new Profiles.Profile(
            user, dave.keys().getPrivate(), dave.certificate(), dave.configuration().root());

    Renewal.Renewed renewed =
        new Renewal(
                HttpClients.withClientCertificate(caPem, profile.key(), profile.certificate()),
                gateway)
            .renew(profile, true)
            .block(Duration.ofSeconds(30));
    assertThat(renewed.identity()).isEqualTo(dave.identity());
    assertThat(renewed.certificate().getSerialNumber())
        .isNotEqualTo(dave.certificate().getSerialNumber());

    // without the client certificate a CSR alone proves nothing
    assertThatThrownBy(
            () -> new Renewal(https, gateway).renew(profile, true).block(Duration.ofSeconds(30)))
        .hasMessageContaining("failed_authentication");
    // the header the gateway sets, sent straight to the enrollment service, is refused
    HttpResponse<String> forged =
        https.send(
            HttpRequest.newBuilder(enrollment.resolve("/renew"))
                .header(
                    "X-P2PSIP-Client-Certificate",
                    Base64.getEncoder().encodeToString(dave.certificate().getEncoded()))
                .header("Content-Type", "multipart/form-data; boundary=x")
                .POST(HttpRequest.BodyPublishers.ofString("--x--\r\n"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("not signed by the gateway");
    // the renewed certificate is a working identity: it renews again, by signature this time
    Profiles.Profile next =
        new Profiles.Profile(
            user, renewed.keys().getPrivate(), renewed.certificate(), profile.ca());
    assertThat(
            new Renewal(https, enrollment)
                .renew(next, false)
                .block(Duration.ofSeconds(30))
                .identity())
        .isEqualTo(dave.identity());
  }
}
