package org.p2psip.cli;

import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.p2psip.client.conference.FocusRole;
import org.p2psip.client.delegation.DelegationFile;
import org.p2psip.client.delegation.DelegationIssuer;
import org.p2psip.client.profile.KeyFiles;
import org.p2psip.client.registry.RegistryClient;
import org.p2psip.client.registry.RegistryRefusal;
import org.p2psip.protocol.reload.CertificateIdentity;
import org.p2psip.protocol.reload.FocusDelegation;
import org.p2psip.protocol.value.Id128;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The conference owner's side of focus delegations (docs/protocol-notes.md, "Focus delegation"):
 * {@code conference delegate} signs one for another member's certificate, {@code conference revoke}
 * ends every delegation of a Node-ID issued so far.
 */
final class DelegationCommands {

  private DelegationCommands() {}

  /** Whom a delegation is for: an enrolled user's profile here, or its certificate file. */
  static final class Delegate {
    @Option(names = "--to-user", description = "an enrolled user whose profile is in --home")
    @Nullable String user;

    @Option(names = "--focus-certificate", description = "the focus's overlay certificate (PEM)")
    @Nullable Path certificate;
  }

  @Command(
      name = "delegate",
      mixinStandardHelpOptions = true,
      description =
          "Let another overlay member be a focus of this conference without its key: sign (with"
              + " the conference key) a short-lived delegation for the member's certificate and"
              + " one of its Node-IDs, written with the chain as one PEM file for"
              + " `focus serve --delegation`.")
  static final class Issue implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConferenceCommand.ConferenceIdentity identity;
    @Mixin HomeOption home;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Delegate to;

    @Option(
        names = "--node-id",
        description = "which of the member's Node-IDs (default: its certificate's first)")
    @Nullable String nodeId;

    @Option(
        names = "--valid",
        defaultValue = "1h",
        converter = DurationConverter.class,
        description = "how long the delegation holds, at most 24 h (default: ${DEFAULT-VALUE})")
    Duration valid;

    @Option(names = "--out", required = true, description = "where to write the delegation")
    Path out;

    @Override
    public Integer call() throws Exception {
      X509Certificate focus =
          to.user != null
              ? home.profiles().load(to.user).certificate()
              : KeyFiles.readCertificate(to.certificate);
      FocusDelegation delegation;
      try {
        DelegationIssuer issuer =
            new DelegationIssuer(identity.key(), identity.certificate(), Clock.systemUTC());
        delegation =
            nodeId == null
                ? issuer.issue(focus, valid)
                : issuer.issue(focus, Id128.fromHex(nodeId.toLowerCase(Locale.ROOT)), valid);
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("no delegation: " + e.getMessage());
        return ExitCodes.BAD_INPUT;
      }
      DelegationFile.save(out, delegation);
      PrintWriter writer = spec.commandLine().getOut();
      writer.printf(
          "delegated sip:%s to %s (Node-ID %s) until %s: %s%n",
          CertificateIdentity.of(identity.certificate()).userName(),
          CertificateIdentity.of(focus).userName(),
          delegation.nodeId().hex(),
          delegation.delegation().getNotAfter().toInstant(),
          out);
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description =
          "End every delegation issued so far for a Node-ID: store the conference's own delete"
              + " (tombstone) of its entry, living as long as any delegation can (24 h). A"
              + " delegation issued after it writes the entry again.")
  static final class Revoke implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConferenceCommand.RegistryOption registry;
    @Mixin ConferenceCommand.ConferenceIdentity identity;

    @Option(names = "--uri", required = true, description = "the conference URI")
    String uri;

    @Option(names = "--node-id", required = true, description = "the delegated Node-ID")
    String nodeId;

    @Override
    public Integer call() throws Exception {
      Id128 key = Id128.fromHex(nodeId.toLowerCase(Locale.ROOT));
      long generation;
      try {
        generation =
            new FocusRole(
                    new RegistryClient(HttpClient.newHttpClient(), registry.registry),
                    uri,
                    identity.key(),
                    identity.certificate(),
                    key)
                .retire(key, FocusDelegation.MAX_VALIDITY.toSeconds())
                .block(Duration.ofSeconds(30));
      } catch (RegistryRefusal e) {
        spec.commandLine().getErr().println("not revoked: " + e.getMessage());
        return ExitCodes.REFUSED;
      }
      spec.commandLine()
          .getOut()
          .printf(
              "revoked the delegations of %s for %s (tombstone stored, generation %d)%n",
              key.hex(), uri, generation);
      return ExitCodes.OK;
    }
  }
}
