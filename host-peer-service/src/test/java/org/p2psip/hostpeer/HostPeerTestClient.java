package org.p2psip.hostpeer;

import java.net.InetAddress;
import java.util.List;
import org.p2psip.client.peer.HostPeerClient;
import org.p2psip.protocol.attribute.Attribute;
import org.p2psip.protocol.attribute.ClientInfo;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.attribute.ValueType;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.TransactionIds;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;

/** Requests as a test writes them, sent over a real {@link HostPeerClient}. */
public final class HostPeerTestClient implements AutoCloseable {

  public final HostPeerClient client;

  public HostPeerTestClient(int port) {
    this.client = HostPeerClient.connect("127.0.0.1", port).block();
  }

  public static Message request(MessageType type, Attribute... attributes) {
    return new Message(Header.clientRequest(type, TransactionIds.next()), List.of(attributes));
  }

  public Message send(MessageType type, Attribute... attributes) {
    return client.request(request(type, attributes)).block();
  }

  public static ClientInfo loopbackClient() {
    return ClientInfo.of(InetAddress.getLoopbackAddress());
  }

  public Message join() {
    return send(MessageType.JOIN, loopbackClient());
  }

  public Message put(Id128 resource, String content, long lifetime) {
    return send(
        MessageType.PUT,
        new ResourceInfo(
            ValueType.SIP_CONTACT_URI.code(),
            resource,
            lifetime,
            null,
            null,
            Octets.utf8(content)));
  }

  public Message get(Id128 resource) {
    return send(MessageType.GET, ResourceInfo.query(ValueType.SIP_CONTACT_URI, resource));
  }

  public static int code(Message answer) {
    return answer.response().code();
  }

  public static Integer subCode(Message answer) {
    return answer.response().subCode();
  }

  @Override
  public void close() {
    client.close();
  }
}
