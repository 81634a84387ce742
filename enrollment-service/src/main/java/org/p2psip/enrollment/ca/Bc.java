package org.p2psip.enrollment.ca;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The Bouncy Castle provider, handed explicitly to the calls that need it (CSR parsing and
 * signature checks by algorithm OID) rather than installed JVM-wide.
 */
final class Bc {

  static final Provider PROVIDER = new BouncyCastleProvider();

  private Bc() {}
}
