package org.p2psip.protocol.reload;

/** Entry point for decoding a {@link DisCoRegistration} from its bytes. */
public final class DisCoRegistrations {

  private DisCoRegistrations() {}

  /**
   * @throws ReloadDecodingException when the bytes are not one well-formed registration
   */
  public static DisCoRegistration decode(byte[] bytes) {
    return DisCoRegistration.decode(bytes);
  }
}
