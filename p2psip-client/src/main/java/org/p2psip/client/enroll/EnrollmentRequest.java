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
    String boundary = "p2psip-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    field(body, boundary, "username", user);
    field(body, boundary, "password", password);
    field(body, boundary, "nodeids", Integer.toString(nodeIds));
    write(
        body,
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"csr\"; filename=\"csr.der\""
            + "\r\nContent-Type: application/pkcs10\r\n\r\n");
    body.writeBytes(csr);
    write(body, "\r\n--" + boundary + "--\r\n");
    return HttpRequest.newBuilder(enroll)
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
