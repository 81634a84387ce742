package org.p2psip.protocol.reload;

/** Entry point for decoding a {@link SipRegistration} from its bytes. */
public final class SipRegistrations {

  private SipRegistrations() {}

  /**
   * @throws ReloadDecodingException when the bytes are not one well-formed registration
   */
  public static SipRegistration decode(byte[] bytes) {
    return SipRegistration.decode(bytes);
  }
}
