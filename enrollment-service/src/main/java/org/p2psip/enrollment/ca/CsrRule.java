package org.p2psip.enrollment.ca;

import java.util.Optional;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/** One check a certificate signing request must pass; the problem when it does not. */
@FunctionalInterface
public interface CsrRule {

  Optional<String> problem(JcaPKCS10CertificationRequest csr);
}
