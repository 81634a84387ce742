package org.p2psip.client.enroll;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The enrollment service's multipart POSTs: RFC 6940 section 11.3 enrollment (user name, password,
 * count, CSR), the conference certificate, and renewal.
 */
public final class EnrollmentRequest {

  private EnrollmentRequest() {}

  public static HttpRequest of(URI enroll, String user, String password, int nodeIds, byte[] csr) {
    return multipart(
        enroll,
        new String[][] {
          {"username", user}, {"password", password}, {"nodeids", Integer.toString(nodeIds)}
        },
        new Part("csr", "csr.der", "application/pkcs10", csr));
  }

  /**
   * The conference-certificate POST ({@code /v1/conferences}, docs/protocol.md 4.4): the creator's
   * credentials, the conference URI and a CSR for the conference's key.
   */
  public static HttpRequest conference(
      URI conferences, String user, String password, String conference, byte[] csr) {
    return multipart(
        conferences,
        new String[][] {{"username", user}, {"password", password}, {"conference", conference}},
        new Part("csr", "csr.der", "application/pkcs10", csr));
  }

  /**
   * The renewal POST ({@code /renew}): the current certificate, the CSR and the current key's
   * signature over the CSR; or, when the connection presents the current certificate as TLS client
   * certificate to the gateway, the CSR alone ({@code certificate} and {@code signature} null).
   */
  public static HttpRequest renewal(
      URI renew, byte @Nullable [] certificate, byte[] csr, byte @Nullable [] signature) {
    if (certificate == null) {
      return multipart(
          renew, new String[0][], new Part("csr", "csr.der", "application/pkcs10", csr));
    }
    return multipart(
        renew,
        new String[0][],
        new Part("certificate", "cert.der", "application/pkix-cert", certificate),
        new Part("csr", "csr.der", "application/pkcs10", csr),
        new Part("signature", "signature.bin", "application/octet-stream", signature));
  }

  /** A binary part of the form. */
  private record Part(String name, String fileName, String contentType, byte[] content) {}

  private static HttpRequest multipart(URI target, String[][] fields, Part... parts) {
    String boundary = "p2psip-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (String[] field : fields) {
      field(body, boundary, field[0], field[1]);
    }
    for (Part part : parts) {
      write(
          body,
          "--"
              + boundary
              + "\r\nContent-Disposition: form-data; name=\""
              + part.name()
              + "\"; filename=\""
              + part.fileName()
              + "\"\r\nContent-Type: "
              + part.contentType()
              + "\r\n\r\n");
      body.writeBytes(part.content());
      write(body, "\r\n");
    }
    write(body, "--" + boundary + "--\r\n");
    return HttpRequest.newBuilder(target)
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .header("Accept", "application/pkix-cert")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
        .build();
  }

  private static void field(
      ByteArrayOutputStream body, String boundary, String name, String value) {
    write(
        body,
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\""
            + name
            + "\"\r\n\r\n"
            + value
            + "\r\n");
  }

  private static void write(ByteArrayOutputStream body, String text) {
    body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }
}
