package org.p2psip.ca;

import java.math.BigInteger;
import java.time.Instant;

/** A revoked certificate as a CRL lists it: serial, when it was revoked, when it would expire. */
public record RevokedCertificate(BigInteger serial, Instant revokedAt, Instant notAfter) {}
