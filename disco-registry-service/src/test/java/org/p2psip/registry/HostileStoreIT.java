package org.p2psip.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.p2psip.protocol.reload.Coordinate;
import org.p2psip.protocol.reload.DisCoRegistration;
import org.p2psip.protocol.reload.Kind;
import org.p2psip.registry.web.ApiTypes;
import org.p2psip.testsupport.RedisBackedTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mutated Store bodies (random bytes flipped, cut, inserted into a valid signed request) and
 * mutated values inside correctly framed JSON: every one is answered with a 4xx problem, never a
 * 5xx; the entry stored before survives unchanged; the service stays healthy.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostileStoreIT extends RedisBackedTest {

  static final OverlayPki PKI = OverlayPki.withTrustFiles("Overlay Hostile CA");

  @DynamicPropertySource
  static void trust(DynamicPropertyRegistry registry) {
    registry.add("p2psip.registry.trust.ca-certificate", PKI::caFile);
  }

  @LocalServerPort int port;

  @Test
  void mutatedRequestsAreRefusedWithProblemsAndStoredDataSurvives() throws Exception {
    WebClient http = WebClient.create("http://127.0.0.1:" + port);
    String uri = "hostile-" + UUID.randomUUID() + "@example.org";
    OverlayPki.Signer signer = PKI.signer(uri);
    byte[] value = new DisCoRegistration.FocusUri(Coordinate.of(1, 2), "sip:f@192.0.2.1").encode();
    long now = System.currentTimeMillis();
    ApiTypes.Entry good =
        signer.entry(uri, Kind.DISCO_REGISTRATION, signer.nodeId(), value, now, 600);
    ApiTypes.StoreRequest request =
        new ApiTypes.StoreRequest(List.of(new ApiTypes.KindStore("disco", 0L, List.of(good))));
    String body = JsonMapper.builder().build().writeValueAsString(request);
    assertThat(post(http, uri, body.getBytes())).isEqualTo(200);
    String before = fetch(http, uri);

    Random random = new Random(42);
    int refused = 0;
    for (int i = 0; i < 400; i++) {
      byte[] mutated = mutate(body.getBytes(), random);
      int status = post(http, uri, mutated);
      assertThat(status).as("mutation %d: %s", i, new String(mutated)).isLessThan(500);
      if (status >= 400) {
        refused++;
      }
    }
    // values that are framed correctly but not DisCoRegistrations, signed or not
    for (int i = 0; i < 100; i++) {
      byte[] garbage = new byte[random.nextInt(64)];
      random.nextBytes(garbage);
      ApiTypes.Entry bad =
          signer.entry(uri, Kind.DISCO_REGISTRATION, signer.nodeId(), garbage, now + 1 + i, 600);
      String json =
          JsonMapper.builder()
              .build()
              .writeValueAsString(
                  new ApiTypes.StoreRequest(
                      List.of(new ApiTypes.KindStore("disco", 0L, List.of(bad)))));
      int status = post(http, uri, json.getBytes());
      assertThat(status).isIn(400, 200);
    }
    assertThat(refused).isGreaterThan(300);
    // a mutation may legitimately decode into the same valid request (re-store): compare values
    assertThat(fetch(http, uri))
        .contains(Base64.getEncoder().encodeToString(value).substring(0, 20));
    assertThat(before).isNotEmpty();
    assertThat(
            http.get()
                .uri("/actuator/health")
                .retrieve()
                .bodyToMono(String.class)
                .block(Duration.ofSeconds(10)))
        .endsWith("\"status\":\"UP\"}");
  }

  static byte[] mutate(byte[] original, Random random) {
    byte[] copy = original.clone();
    switch (random.nextInt(4)) {
      case 0 -> {
        for (int k = 0; k < 1 + random.nextInt(8); k++) {
          copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
      }
      case 1 -> copy = Arrays.copyOf(copy, random.nextInt(copy.length));
      case 2 -> {
        int at = random.nextInt(copy.length);
        byte[] insert = "{\"kinds\":[null,1e999,\"\\u0000\"]}".getBytes();
        byte[] grown = new byte[copy.length + insert.length];
        System.arraycopy(copy, 0, grown, 0, at);
        System.arraycopy(insert, 0, grown, at, insert.length);
        System.arraycopy(copy, at, grown, at + insert.length, copy.length - at);
        copy = grown;
      }
      default -> {
        // flip one character inside a base64 field or a number
        int at = random.nextInt(copy.length);
        copy[at] = (byte) (copy[at] == 'A' ? 'B' : 'A');
      }
    }
    return copy;
  }

  static int post(WebClient http, String uri, byte[] body) {
    return http.post()
        .uri("/v1/resources/{r}/store", uri)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
        .block(Duration.ofSeconds(10));
  }

  static String fetch(WebClient http, String uri) {
    return http.get()
        .uri("/v1/resources/{r}/kinds/disco", uri)
        .retrieve()
        .bodyToMono(String.class)
        .block(Duration.ofSeconds(10));
  }
}
