package org.p2psip.registry.access;

import java.time.Instant;
import java.util.Optional;
import org.p2psip.trust.TrustMaterial;

/**
 * One rule a signed write must pass (RFC 6940 section 7.3; docs/protocol.md 4.3). Returns why the
 * write is refused, or empty when this rule is satisfied. Rules run in order and stop at the first
 * refusal, so later ones may rely on earlier ones (a parsed, CA-issued certificate).
 */
@FunctionalInterface
public interface WriteCheck {

  Optional<String> refusal(SignedEntry write, TrustMaterial trust, Instant now);
}
