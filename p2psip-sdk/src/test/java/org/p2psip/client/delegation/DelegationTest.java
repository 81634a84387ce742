package org.p2psip.client.delegation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2psip.client.profile.KeyFiles;
import org.p2psip.client.registry.EntryCheck;
import org.p2psip.client.registry.EntrySigner;
import org.p2psip.client.registry.RegistryEntry;
import org.p2psip.protocol.reload.CertificateIdentity;
import org.p2psip.protocol.reload.Coordinate;
import org.p2psip.protocol.reload.DisCoRegistration;
import org.p2psip.protocol.reload.FocusDelegation;
import org.p2psip.protocol.reload.Kind;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.ResourceIds;
import org.p2psip.testsupport.TestPki;

/** Issuing a delegation, keeping it as a file, and a reader's check of what it signs. */
class DelegationTest {

  static final String OVERLAY = "overlay.example.org";
  static final String CONFERENCE = "team@example.org";

  final TestPki pki;
  final TestPki.Issued conference;
  final TestPki.Issued member;
  final Id128 memberNode = Id128.random();

  DelegationTest() throws Exception {
    pki = new TestPki("Delegation CA");
    conference = pki.client(CONFERENCE, Id128.random().hex(), OVERLAY);
    member = pki.client("frank@example.org", memberNode.hex(), OVERLAY);
  }

  DelegationIssuer issuer(Clock clock) {
    return new DelegationIssuer(conference.keys().getPrivate(), conference.certificate(), clock);
  }

  @Test
  void aDelegationBindsTheMembersKeyAndNodeIdToTheConferenceForAShortTime() throws Exception {
    Instant now = Instant.now();
    FocusDelegation delegation =
        issuer(Clock.fixed(now, java.time.ZoneOffset.UTC))
            .issue(member.certificate(), Duration.ofMinutes(30));

    assertThat(delegation.nodeId()).isEqualTo(memberNode);
    assertThat(delegation.notBefore()).isEqualTo(now.truncatedTo(ChronoUnit.SECONDS));
    assertThat(delegation.delegation().getNotAfter().toInstant())
        .isEqualTo(now.truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofMinutes(30)));
    assertThat(delegation.delegation().getPublicKey()).isEqualTo(member.keys().getPublic());
    assertThat(CertificateIdentity.of(delegation.delegation()).userName()).isEqualTo(CONFERENCE);
    assertThat(delegation.delegation().getBasicConstraints()).isEqualTo(-1);
    delegation.delegation().verify(conference.certificate().getPublicKey());
    // the registry's checks, as of the delegation's own lifetime
    assertThat(
            delegation.refusal(
                ResourceIds.of(CONFERENCE),
                memberNode,
                pki.ca.certificate(),
                Instant.now(),
                certificate -> false))
        .isEmpty();
  }

  @Test
  void theIssuerRefusesLongDelegationsAndForeignNodeIds() {
    DelegationIssuer issuer = issuer(Clock.systemUTC());
    assertThatThrownBy(() -> issuer.issue(member.certificate(), Duration.ofHours(25)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 24 hours");
    assertThatThrownBy(() -> issuer.issue(member.certificate(), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> issuer.issue(member.certificate(), Id128.random(), Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a Node-ID of that certificate");
  }

  @Test
  void theFileHoldsTheDelegationAndItsChainInOrder(@TempDir Path directory) throws Exception {
    FocusDelegation delegation =
        issuer(Clock.systemUTC()).issue(member.certificate(), Duration.ofHours(1));
    Path file = DelegationFile.save(directory.resolve("frank.pem"), delegation);

    assertThat(DelegationFile.load(file)).isEqualTo(delegation);
    Path single = directory.resolve("single.pem");
    KeyFiles.writeCertificate(single, member.certificate());
    assertThatThrownBy(() -> DelegationFile.load(single))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("holds 1 certificates");
    Files.writeString(directory.resolve("garbage.pem"), "not a certificate");
    assertThatThrownBy(() -> DelegationFile.load(directory.resolve("garbage.pem")))
        .isInstanceOf(IOException.class);
  }

  @Test
  void aReaderTrustsADelegatedEntryOnlyWhereTheRegistryWouldStoreIt() {
    FocusDelegation delegation =
        issuer(Clock.systemUTC()).issue(member.certificate(), Duration.ofHours(1));
    byte[] value = new DisCoRegistration.FocusUri(Coordinate.of(3, 4), "sip:f@192.0.2.9").encode();
    EntrySigner signer = new EntrySigner(member.keys().getPrivate(), delegation);
    RegistryEntry entry =
        signer.sign(
            ResourceIds.of(CONFERENCE),
            Kind.DISCO_REGISTRATION,
            memberNode,
            value,
            System.currentTimeMillis(),
            600);

    assertThat(entry.chain()).hasSize(2);
    assertThat(EntryCheck.problem(CONFERENCE, Kind.DISCO_REGISTRATION, entry, pki.ca.certificate()))
        .isNull();
    // without the CA the chain's other links are still checked
    assertThat(EntryCheck.problem(CONFERENCE, Kind.DISCO_REGISTRATION, entry, null)).isNull();
    // another conference's resource
    assertThat(
            EntryCheck.problem(
                "other@example.org", Kind.DISCO_REGISTRATION, entry, pki.ca.certificate()))
        .isNotNull();
    // another key than the delegated Node-ID
    RegistryEntry elsewhere =
        signer.sign(
            ResourceIds.of(CONFERENCE),
            Kind.DISCO_REGISTRATION,
            Id128.random(),
            value,
            System.currentTimeMillis(),
            600);
    assertThat(
            EntryCheck.problem(
                CONFERENCE, Kind.DISCO_REGISTRATION, elsewhere, pki.ca.certificate()))
        .contains("not the delegated Node-ID");
    // a delegation never signs SIP-REGISTRATION
    RegistryEntry sip =
        signer.sign(
            ResourceIds.of(CONFERENCE),
            Kind.SIP_REGISTRATION,
            memberNode,
            value,
            System.currentTimeMillis(),
            600);
    assertThat(EntryCheck.problem(CONFERENCE, Kind.SIP_REGISTRATION, sip, pki.ca.certificate()))
        .contains("only DISCO-REGISTRATION");
  }
}
