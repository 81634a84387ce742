package org.p2psip.hostpeer.handler;

import java.util.ArrayList;
import java.util.List;
import org.p2psip.hostpeer.session.Session;
import org.p2psip.hostpeer.status.PeerStatusMonitor;
import org.p2psip.protocol.attribute.Attribute;
import org.p2psip.protocol.attribute.ResponseAttribute;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.attribute.StatusAttribute.PeerStatus;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.message.Responses;
import reactor.core.publisher.Mono;

/** Inquire: who this peer is, how it is, how long it has run, which overlay it serves. */
public final class InquireHandler implements RequestHandler {

  private final LocalPeer peer;
  private final PeerStatusMonitor status;
  private final Redirection redirection;

  public InquireHandler(LocalPeer peer, PeerStatusMonitor status) {
    this(peer, status, Redirection.NONE);
  }

  /**
   * @param redirection a busy or full peer names other host peers (docs/peer-protocol.md 7)
   */
  public InquireHandler(LocalPeer peer, PeerStatusMonitor status, Redirection redirection) {
    this.peer = peer;
    this.status = status;
    this.redirection = redirection;
  }

  @Override
  public Mono<Message> handle(Session session, Message request) {
    PeerStatus current = status.current();
    List<Attribute> about =
        List.of(peer.description(), new StatusAttribute(current), peer.uptime(), peer.overlay());
    Mono<List<Attribute>> attributes =
        current == PeerStatus.BUSY || redirection.full()
            ? redirection
                .suggestions()
                .map(
                    others -> {
                      List<Attribute> more = new ArrayList<>(about);
                      more.add(others);
                      return more;
                    })
                .defaultIfEmpty(about)
            : Mono.just(about);
    return attributes.map(
        all -> Responses.to(request.header(), ResponseAttribute.of(ResponseCode.OK), all));
  }
}
