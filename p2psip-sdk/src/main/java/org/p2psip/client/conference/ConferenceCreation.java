package org.p2psip.client.conference;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.p2psip.client.enroll.Csrs;
import org.p2psip.client.enroll.EnrollmentRequest;
import org.p2psip.client.registry.EntrySigner;
import org.p2psip.client.registry.RegistryClient;
import org.p2psip.protocol.reload.CertificateIdentity;
import org.p2psip.protocol.reload.Coordinate;
import org.p2psip.protocol.reload.DisCoRegistration;
import org.p2psip.protocol.reload.Kind;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.ResourceIds;
import reactor.core.publisher.Mono;

/**
 * Creating a distributed conference (DisCo section 4.3): Stat the URI at the registry (it must be
 * free), obtain the conference certificate from the enrollment service for a fresh key, and store
 * this focus's signed DisCoRegistration (its URI and coordinate) under the certificate's Node-ID.
 */
public final class ConferenceCreation {

  /** What the creator keeps: the conference's key and certificate, and where it stands. */
  public record Created(
      String uri,
      Id128 resourceId,
      Id128 focusKey,
      KeyPair keys,
      X509Certificate certificate,
      long generation) {}

  private final HttpClient enrollmentHttp;
  private final URI enrollment;
  private final RegistryClient registry;

  public ConferenceCreation(HttpClient enrollmentHttp, URI enrollment, RegistryClient registry) {
    this.enrollmentHttp = enrollmentHttp;
    this.enrollment = enrollment;
    this.registry = registry;
  }

  public Mono<Created> create(
      String uri,
      String user,
      String password,
      String focusUri,
      Coordinate coordinate,
      long lifetimeSeconds) {
    String conference = ResourceIds.withoutSipScheme(uri);
    return registry
        .available(conference)
        .flatMap(
            free ->
                free
                    ? Mono.fromSupplier(Csrs::p256)
                    : Mono.error(
                        new ConferenceException(
                            "the URI "
                                + conference
                                + " already holds DisCo or SIP data: choose another")))
        .flatMap(
            keys ->
                certificate(conference, user, password, keys)
                    .flatMap(
                        certificate ->
                            storeFocus(
                                conference,
                                keys,
                                certificate,
                                focusUri,
                                coordinate,
                                lifetimeSeconds)));
  }

  private Mono<Created> storeFocus(
      String conference,
      KeyPair keys,
      X509Certificate certificate,
      String focusUri,
      Coordinate coordinate,
      long lifetimeSeconds) {
    Id128 focusKey = CertificateIdentity.of(certificate).nodeIds().get(0);
    Id128 resource = ResourceIds.of(conference);
    byte[] value = new DisCoRegistration.FocusUri(coordinate, focusUri).encode();
    return registry
        .store(
            conference,
            "disco",
            0,
            List.of(
                new EntrySigner(keys.getPrivate(), certificate)
                    .sign(
                        resource,
                        Kind.DISCO_REGISTRATION,
                        focusKey,
                        value,
                        System.currentTimeMillis(),
                        lifetimeSeconds)))
        .map(
            generation ->
                new Created(conference, resource, focusKey, keys, certificate, generation));
  }

  private Mono<X509Certificate> certificate(
      String conference, String user, String password, KeyPair keys) {
    var request =
        EnrollmentRequest.conference(
            enrollment.resolve("/v1/conferences"), user, password, conference, Csrs.request(keys));
    return Mono.fromFuture(
            () -> enrollmentHttp.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()))
        .map(
            response -> {
              if (response.statusCode() != 200) {
                throw new ConferenceException(
                    "the enrollment service refused the conference certificate: HTTP "
                        + response.statusCode()
                        + " "
                        + new String(response.body(), StandardCharsets.UTF_8));
              }
              try {
                return (X509Certificate)
                    CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(response.body()));
              } catch (Exception e) {
                throw new ConferenceException("the enrollment service sent no certificate");
              }
            });
  }
}
