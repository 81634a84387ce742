package org.p2psip.enrollment.web;

import java.io.IOException;
import java.io.StringWriter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.p2psip.ca.CertificateAuthority;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The overlay's root certificate, PEM, for clients and operators to trust. */
@RestController
public final class CaController {

  private final String pem;

  public CaController(CertificateAuthority ca) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(ca.certificate());
    }
    this.pem = text.toString();
  }

  @GetMapping(path = "/v1/ca", produces = "application/x-pem-file")
  public ResponseEntity<String> certificate() {
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/x-pem-file"))
        .body(pem);
  }
}
