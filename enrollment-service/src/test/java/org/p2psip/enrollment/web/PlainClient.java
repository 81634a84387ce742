package org.p2psip.enrollment.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;

/** Real HTTP calls to an enrollment service on plain HTTP, for tests that need no TLS. */
final class PlainClient {

  static final String OPERATOR_TOKEN = "test-operator-token";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;

  PlainClient(int port) {
    this.port = port;
  }

  HttpResponse<byte[]> enroll(String user, String password, Map<String, String> headers)
      throws Exception {
    return form(
        "/enroll",
        new Multipart()
            .field("username", user)
            .field("password", password)
            .file("csr", "application/pkcs10", EnrollmentIT.p256Csr()),
        headers);
  }

  HttpResponse<byte[]> conference(String user, String password, String uri) throws Exception {
    return form(
        "/v1/conferences",
        new Multipart()
            .field("username", user)
            .field("password", password)
            .field("conference", uri)
            .file("csr", "application/pkcs10", EnrollmentIT.p256Csr()),
        Map.of());
  }

  HttpResponse<byte[]> form(String path, Multipart form, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", form.contentType())
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofByteArray(form.build()));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The operator API's create: the status and the body. */
  HttpResponse<String> createAccount(String userName, String password) throws Exception {
    String json =
        "{\"username\":" + jsonString(userName) + ",\"password\":" + jsonString(password) + "}";
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/accounts"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + OPERATOR_TOKEN)
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String jsonString(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  static X509Certificate certificate(HttpResponse<byte[]> response) throws Exception {
    assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(response.body()));
  }

  static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }
}
