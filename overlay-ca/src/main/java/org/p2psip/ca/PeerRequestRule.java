package org.p2psip.ca;

import java.util.Optional;

/** One check a host-peer certificate request must pass; the problem when it does not. */
@FunctionalInterface
public interface PeerRequestRule {

  Optional<String> problem(PeerCertificateRequest request);
}
