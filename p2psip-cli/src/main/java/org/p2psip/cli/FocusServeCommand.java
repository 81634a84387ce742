package org.p2psip.cli;

import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.LocalTime;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.p2psip.client.conference.FocusRole;
import org.p2psip.client.conference.ServedFocus;
import org.p2psip.client.delegation.DelegationFile;
import org.p2psip.client.profile.ConferenceCredentials;
import org.p2psip.client.registry.RegistryClient;
import org.p2psip.client.registry.RegistryRefusal;
import org.p2psip.disco.sip.SipTls;
import org.p2psip.protocol.reload.Coordinate;
import org.p2psip.protocol.reload.FocusDelegation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code p2psip focus serve}: be a focus of a conference over SIP until stopped (DisCo 4.5, 5.1,
 * 5.3): advertise it, answer participants' calls (handing those beyond its limit to foci with room,
 * 5.2), keep the conference state with the other foci, and print the roster whenever it changes.
 * Stopped (SIGINT, SIGTERM), it leaves in a friendly way (4.6): its participants are handed to the
 * closest remaining foci and its registration is deleted.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Serve a focus of a conference over SIP until stopped: advertise it (DISCO-REGISTRATION"
            + " with its SIP URI and coordinate), answer calls, synchronise the conference state"
            + " with the other foci, print the roster on each change.")
final class FocusServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConferenceCommand.RegistryOption registry;
  @Mixin ConferenceCommand.Position position;

  @Option(
      names = "--conference-dir",
      description =
          "directory with the conference's key.pem and cert.pem: serve with the conference's own"
              + " key (its owner, or a focus it was handed to)")
  @Nullable Path conferenceDir;

  @Option(
      names = "--pass-focus-rights",
      description =
          "DisCo 4.4's way, for interoperability: pass the conference's certificate and key (from"
              + " --conference-dir) to every participant calling over TLS, in a SIP INFO after its"
              + " ACK, so that it can serve as a focus too. Never over UDP or TCP. Off by default:"
              + " `conference delegate` gives narrower rights")
  boolean passFocusRights;

  @Option(
      names = "--delegation",
      description =
          "a delegation from the conference owner (`conference delegate`): serve with --as-user's"
              + " own key, writing only the delegated Node-ID's entry")
  @Nullable Path delegation;

  @Option(names = "--uri", required = true, description = "the conference URI")
  String uri;

  @Option(names = "--name", defaultValue = "focus", description = "this focus's SIP user name")
  String name;

  @Option(names = "--sip-host", defaultValue = "127.0.0.1", description = "address to serve on")
  String sipHost;

  @Option(names = "--sip-port", defaultValue = "5060", description = "SIP port, UDP and TCP")
  int sipPort;

  @Option(
      names = "--tls-port",
      defaultValue = "0",
      description =
          "SIP over TLS port, with the overlay certificate (--as-user's, else the conference's);"
              + " 0: any free one, -1: no TLS. TLS needs --overlay-ca; the port is advertised as"
              + " the URI's ;tls= parameter")
  int tlsPort;

  @Option(names = "--max-participants", defaultValue = "10")
  int maxParticipants;

  @Option(names = "--probe-port", description = "answer RTT probes here and advertise it")
  @Nullable Integer probePort;

  @Option(
      names = "--probe-reply-delay",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description = "simulated access delay before each probe answer (demonstrations only)")
  Duration probeReplyDelay;

  @Option(
      names = "--key-id",
      description =
          "entry key (default: the conference certificate's Node-ID; with --delegation, the"
              + " delegated one)")
  @Nullable String keyId;

  @Option(
      names = "--lifetime",
      defaultValue = "600s",
      converter = DurationConverter.class,
      description = "registration lifetime, refreshed at half of it")
  Duration lifetime;

  @Option(
      names = "--discovery",
      defaultValue = "3s",
      converter = DurationConverter.class,
      description = "how often the registry is read for other foci to synchronise with")
  Duration discovery;

  @Option(names = "--overlay-ca", description = "overlay CA (PEM) other foci must chain to")
  @Nullable Path overlayCa;

  @Mixin HomeOption home;

  @Option(
      names = "--as-user",
      description =
          "serve as this enrolled user (a profile): advertise its address of record and store its"
              + " SIP contact as its SIP-REGISTRATION, through which participants reach it")
  @Nullable String asUser;

  private ServedFocus.@Nullable UserIdentity user() throws java.io.IOException {
    if (asUser == null) {
      return null;
    }
    var profile = home.profiles().load(asUser);
    return new ServedFocus.UserIdentity(profile.key(), profile.certificate());
  }

  private @Nullable SipTls tls(ServedFocus.@Nullable UserIdentity user) throws java.io.IOException {
    return user != null
        ? ConferenceCommand.sipTls(
            user.key(), user.certificate(), ConferenceCommand.readCa(overlayCa), tlsPort)
        : ConferenceCommand.sipTls(
            ConferenceCredentials.key(conferenceDir),
            ConferenceCredentials.certificate(conferenceDir),
            ConferenceCommand.readCa(overlayCa),
            tlsPort);
  }

  /**
   * The focus's rights: the conference's own key, or a delegation signed for --as-user's key (its
   * Node-ID is the entry key then).
   */
  private FocusRole role(RegistryClient client, ServedFocus.@Nullable UserIdentity user)
      throws java.io.IOException {
    if (delegation != null) {
      FocusDelegation delegated = DelegationFile.load(delegation);
      if (user == null || !user.certificate().equals(delegated.focus())) {
        throw new IllegalArgumentException(
            "--delegation is served with --as-user of the user it was issued to");
      }
      return FocusRole.delegated(client, uri, user.key(), delegated);
    }
    X509Certificate conference = ConferenceCredentials.certificate(conferenceDir);
    return new FocusRole(
        client,
        uri,
        ConferenceCredentials.key(conferenceDir),
        conference,
        ConferenceCommand.entryKey(keyId, conference));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if ((conferenceDir == null) == (delegation == null)) {
      spec.commandLine().getErr().println("give one of --conference-dir and --delegation");
      return ExitCodes.BAD_INPUT;
    }
    if (passFocusRights && conferenceDir == null) {
      spec.commandLine().getErr().println("--pass-focus-rights passes --conference-dir's key");
      return ExitCodes.BAD_INPUT;
    }
    ServedFocus.UserIdentity user = user();
    RegistryClient client = new RegistryClient(HttpClient.newHttpClient(), registry.registry);
    FocusRole role;
    try {
      role = role(client, user);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return ExitCodes.BAD_INPUT;
    }
    Coordinate own = position.resolve(Progress.of(spec));
    ServedFocus focus;
    try {
      focus =
          ServedFocus.start(
                  client,
                  role,
                  new ServedFocus.Settings(
                      uri,
                      name,
                      sipHost,
                      sipPort,
                      maxParticipants,
                      probePort,
                      probeReplyDelay,
                      own,
                      lifetime,
                      discovery,
                      ConferenceCommand.readCa(overlayCa),
                      user,
                      tls(user)))
              .block(Duration.ofSeconds(30));
    } catch (RegistryRefusal e) {
      spec.commandLine().getErr().println("not advertised: " + e.getMessage());
      return ExitCodes.REFUSED;
    }
    if (passFocusRights) {
      focus.agent().passRightsWith(ConferenceCredentials.load(conferenceDir).pem());
    }
    out.printf(
        "focus %s of %s serving at %s (coordinate %s, at most %d participants)%n",
        focus.entity(), uri, focus.uri(), ConferenceCommand.format(own.toArray()), maxParticipants);
    out.flush();
    var printing =
        focus
            .agent()
            .changes()
            .distinctUntilChanged(RosterText::byFocus)
            .subscribe(
                state -> {
                  synchronized (out) {
                    out.printf(
                        "%s roster: %d participants, %d foci%n",
                        LocalTime.now().withNano(0),
                        RosterText.participants(state),
                        RosterText.byFocus(state).size());
                    RosterText.lines(state).forEach(line -> out.println("  " + line));
                    out.flush();
                  }
                });
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // a friendly leave (DisCo 4.6): participants handed over, registration deleted
                  try {
                    Long moved = focus.leave().block(Duration.ofSeconds(15));
                    synchronized (out) {
                      out.printf("left %s: %d participants handed over%n", uri, moved);
                      out.flush();
                    }
                  } catch (RuntimeException e) {
                    spec.commandLine().getErr().println("leaving: " + e.getMessage());
                  }
                  printing.dispose();
                  focus.close();
                  stopped.countDown();
                }));
    stopped.await();
    return ExitCodes.OK;
  }
}
