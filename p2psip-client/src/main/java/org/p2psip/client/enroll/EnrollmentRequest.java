package org.p2psip.client.enroll;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The RFC 6940 section 11.3 enrollment POST: multipart user name, password, count, CSR. */
public final class EnrollmentRequest {

  private EnrollmentRequest() {}

  public static HttpRequest of(URI enroll, String user, String password, int nodeIds, byte[] csr) {
    return multipart(
        enroll,
        new String[][] {
          {"username", user}, {"password", password}, {"nodeids", Integer.toString(nodeIds)}
        },
        csr);
  }

  /**
   * The conference-certificate POST ({@code /v1/conferences}, PROTOCOL.md 4.4): the creator's
   * credentials, the conference URI and a CSR for the conference's key.
   */
  public static HttpRequest conference(
      URI conferences, String user, String password, String conference, byte[] csr) {
    return multipart(
        conferences,
        new String[][] {{"username", user}, {"password", password}, {"conference", conference}},
        csr);
  }

  private static HttpRequest multipart(URI target, String[][] fields, byte[] csr) {
    String boundary = "p2psip-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (String[] field : fields) {
      field(body, boundary, field[0], field[1]);
    }
    write(
        body,
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"csr\"; filename=\"csr.der\""
            + "\r\nContent-Type: application/pkcs10\r\n\r\n");
    body.writeBytes(csr);
    write(body, "\r\n--" + boundary + "--\r\n");
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
