package org.p2psip.hostpeer.overlay.transport;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import org.p2psip.protocol.attribute.OverlayInfo;
import org.p2psip.protocol.attribute.PeerAddressInfo;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.PeerServiceCapability;
import org.p2psip.protocol.codec.MessageCodec;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.value.Id128;

/**
 * A blocking socket to a peer port that writes whatever a test gives it, as a hostile or broken
 * peer would, and reads answers framed by their Message Length (12-byte client or 44-byte peer).
 */
final class PeerSocket implements AutoCloseable {

  final Id128 id;
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  PeerSocket(int port) throws IOException {
    this(port, Id128.random());
  }

  /** A socket that will claim {@code id} in its handshake. */
  PeerSocket(int port, Id128 id) throws IOException {
    this.id = id;
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  PeerInfo info() {
    return info(id);
  }

  static PeerInfo info(Id128 peer) {
    return PeerInfo.source(
        peer,
        PeerServiceCapability.NONE,
        List.of(PeerAddressInfo.tcpHost(InetAddress.getLoopbackAddress(), 9)));
  }

  /** The handshake KEEPALIVE as an honest opener sends it. */
  Message handshake(OverlayInfo overlay, Id128 destination) {
    return Handshake.request(info(), overlay, destination, 42);
  }

  PeerSocket send(Message message) throws IOException {
    return write(MessageCodec.encodeToBytes(message));
  }

  PeerSocket write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  Message read() throws IOException {
    byte[] head = new byte[12];
    in.readFully(head);
    int length = (head[4] & 0xFF) << 8 | head[5] & 0xFF;
    byte[] message = new byte[length];
    System.arraycopy(head, 0, message, 0, 12);
    in.readFully(message, 12, length - 12);
    return MessageCodec.decode(message);
  }

  /** True when the peer closed the connection within the socket timeout. */
  boolean closedByPeer() throws IOException {
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (EOFException | SocketException e) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
