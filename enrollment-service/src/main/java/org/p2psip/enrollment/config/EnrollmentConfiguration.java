package org.p2psip.enrollment.config;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.p2psip.ca.CertificateAuthority;
import org.p2psip.ca.CertificateIssuer;
import org.p2psip.ca.CrlIssuer;
import org.p2psip.ca.HostPeerIssuer;
import org.p2psip.enrollment.account.AccountService;
import org.p2psip.enrollment.account.AuditTrail;
import org.p2psip.enrollment.account.ConferenceRegistry;
import org.p2psip.enrollment.account.LoginThrottle;
import org.p2psip.enrollment.account.RegistryAvailability;
import org.p2psip.enrollment.account.ResourceClaims;
import org.p2psip.enrollment.ca.CaLoader;
import org.p2psip.enrollment.ca.CertificateRegistry;
import org.p2psip.enrollment.ca.HostPeerNodeIds;
import org.p2psip.enrollment.ca.PeerCaLoader;
import org.p2psip.enrollment.ca.PeerCertificateAuthority;
import org.p2psip.enrollment.ca.RevocationAnnouncements;
import org.p2psip.enrollment.ca.SignedCrls;
import org.p2psip.enrollment.overlay.ConfigurationDocuments;
import org.p2psip.enrollment.overlay.ConfigurationSigner;
import org.p2psip.enrollment.overlay.PublishedLandmarks;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;

/** Wires the CA, the issuer and the account store. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EnrollmentProperties.class)
class EnrollmentConfiguration {

  /** Loaded once at start; a missing configured key stops the service here, with the reason. */
  @Bean
  CertificateAuthority certificateAuthority(EnrollmentProperties properties) {
    return CaLoader.load(properties.ca());
  }

  @Bean
  CertificateIssuer certificateIssuer(CertificateAuthority ca, EnrollmentProperties properties) {
    return new CertificateIssuer(
        ca, properties.overlayName(), Clock.systemUTC(), properties.certificates().backdate());
  }

  @Bean
  ReactiveRedisTemplate<String, byte[]> binaryRedisTemplate(
      ReactiveRedisConnectionFactory factory) {
    return new ReactiveRedisTemplate<>(
        factory,
        RedisSerializationContext.<String, byte[]>newSerializationContext(RedisSerializer.string())
            .value(RedisSerializer.byteArray())
            .hashKey(RedisSerializer.byteArray())
            .hashValue(RedisSerializer.byteArray())
            .build());
  }

  @Bean
  CertificateRegistry certificateRegistry(ReactiveStringRedisTemplate redis) {
    return new CertificateRegistry(redis);
  }

  @Bean
  CrlIssuer crlIssuer(CertificateAuthority ca, EnrollmentProperties properties) {
    return new CrlIssuer(ca, properties.certificates().crlValidity(), Clock.systemUTC());
  }

  @Bean
  SignedCrls signedCrls(
      CertificateRegistry registry, CrlIssuer issuer, ReactiveStringRedisTemplate redis) {
    return new SignedCrls(registry, issuer, redis, Clock.systemUTC());
  }

  @Bean
  RevocationAnnouncements revocationAnnouncements(
      ReactiveStringRedisTemplate redis, SignedCrls crls, PeerCertificateAuthority peerCa) {
    List<SignedCrls> all = new ArrayList<>(List.of(crls));
    peerCa.crls().ifPresent(all::add);
    return new RevocationAnnouncements(redis, all);
  }

  /**
   * The peer CA, created next to the overlay CA at first start or loaded, with its issuer and its
   * CRL (the same revocations as the overlay CA's); none when not configured.
   */
  @Bean
  PeerCertificateAuthority peerCertificateAuthority(
      CertificateAuthority ca,
      EnrollmentProperties properties,
      CertificateRegistry registry,
      ReactiveStringRedisTemplate redis) {
    EnrollmentProperties.PeerCa config = properties.peerCa();
    return PeerCaLoader.load(config, properties.ca().generateIn(), ca, properties.overlayName())
        .map(
            peerCa ->
                PeerCertificateAuthority.of(
                    peerCa,
                    new HostPeerIssuer(
                        peerCa,
                        properties.overlayName(),
                        Clock.systemUTC(),
                        properties.certificates().backdate(),
                        config.maxValidity()),
                    new SignedCrls(
                        registry,
                        new CrlIssuer(
                            peerCa, properties.certificates().crlValidity(), Clock.systemUTC()),
                        redis,
                        Clock.systemUTC())))
        .orElseGet(PeerCertificateAuthority::none);
  }

  @Bean
  HostPeerNodeIds hostPeerNodeIds(ReactiveStringRedisTemplate redis) {
    return new HostPeerNodeIds(redis);
  }

  @Bean
  RegistryAvailability registryAvailability(EnrollmentProperties properties) {
    return new RegistryAvailability(properties.registry());
  }

  @Bean
  ConferenceRegistry conferenceRegistry(
      ReactiveStringRedisTemplate redis, AccountService accountService, ResourceClaims claims) {
    return new ConferenceRegistry(redis, accountService, claims);
  }

  @Bean
  ResourceClaims resourceClaims(ReactiveStringRedisTemplate redis) {
    return new ResourceClaims(redis);
  }

  @Bean
  ConfigurationSigner configurationSigner(
      CertificateIssuer certificateIssuer, EnrollmentProperties properties) {
    return ConfigurationSigner.create(
        properties.document().signerKeyFile(),
        properties.ca().generateIn(),
        certificateIssuer,
        properties.overlayName());
  }

  @Bean
  ConfigurationDocuments configurationDocuments(
      CertificateAuthority ca,
      ConfigurationSigner signer,
      EnrollmentProperties properties,
      ReactiveStringRedisTemplate redis,
      PublishedLandmarks landmarks) {
    return new ConfigurationDocuments(
        ca,
        signer,
        properties.overlayName(),
        properties.document(),
        redis,
        Clock.systemUTC(),
        landmarks);
  }

  @Bean
  PublishedLandmarks publishedLandmarks(EnrollmentProperties properties) {
    return new PublishedLandmarks(properties.document());
  }

  @Bean
  AuditTrail auditTrail(ReactiveStringRedisTemplate redis) {
    return new AuditTrail(redis);
  }

  @Bean
  LoginThrottle loginThrottle(ReactiveStringRedisTemplate redis, EnrollmentProperties properties) {
    return new LoginThrottle(
        redis,
        properties.accounts().maxFailedLoginsPerUser(),
        properties.accounts().maxFailedLoginsPerAddress(),
        properties.accounts().failedLoginWindow());
  }

  @Bean
  AccountService accountService(
      ReactiveRedisTemplate<String, byte[]> binaryRedisTemplate,
      ResourceClaims claims,
      EnrollmentProperties properties) {
    return new AccountService(
        binaryRedisTemplate,
        claims,
        properties.overlayName(),
        properties.accounts().verifierIterations());
  }
}
