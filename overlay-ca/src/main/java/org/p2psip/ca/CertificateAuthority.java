package org.p2psip.ca;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** The overlay CA: its signing key and its certificate (the root every client trusts). */
public record CertificateAuthority(PrivateKey key, X509Certificate certificate) {}
