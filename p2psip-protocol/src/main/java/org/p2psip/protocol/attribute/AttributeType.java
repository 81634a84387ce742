package org.p2psip.protocol.attribute;

/** Attribute type numbers (docs/protocol.md section 2, docs/peer-protocol.md 2.3). */
public final class AttributeType {

  public static final int PEER_ADDRESS_INFO = 0x00;
  public static final int PEER_SERVICE_CAPABILITY = 0x01;
  public static final int PEER_ID = 0x02;
  public static final int SOURCE_PEER_INFO = 0x03;
  public static final int DESTINATION_PEER_INFO = 0x04;
  public static final int RESOURCE_INFO = 0x05;
  public static final int NEGOTIATION_INFO = 0x06;
  public static final int RESPONSE = 0x07;
  public static final int SERVICE_PEER_INFO = 0x08;
  public static final int ROUTING_TABLE = 0x0B;
  public static final int STATUS = 0x0C;
  public static final int EVENT_INFO = 0x0D;
  public static final int UPDATE_TYPE = 0x0E;
  public static final int UPTIME = 0x11;
  public static final int OVERLAY_INFO = 0x12;
  public static final int CLIENT = 0x13;
  public static final int SECURITY = 0x14;
  public static final int STORED_OBJECT = 0x20;

  /** Sub-attribute types inside a Security attribute (docs/protocol.md 2.3). */
  public static final int SECURITY_AUTH_CRYPTO = 1;

  public static final int SECURITY_USERNAME = 2;
  public static final int SECURITY_PASSWORD = 3;
  public static final int SECURITY_CHALLENGE = 4;

  private AttributeType() {}
}
