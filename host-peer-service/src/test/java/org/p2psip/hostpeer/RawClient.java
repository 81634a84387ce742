package org.p2psip.hostpeer;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.HexFormat;
import org.p2psip.protocol.codec.MessageCodec;
import org.p2psip.protocol.message.Message;

/**
 * A plain blocking socket that writes whatever bytes a test gives it, as a hostile or foreign
 * client would, and reads answers framed by their Message Length.
 */
public final class RawClient implements AutoCloseable {

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  public RawClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  public RawClient write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  public RawClient writeHex(String hex) throws IOException {
    return write(HexFormat.of().parseHex(hex.replaceAll("\\s", "")));
  }

  /** The next message from the peer. */
  public Message read() throws IOException {
    byte[] head = new byte[12];
    in.readFully(head);
    int length = (head[4] & 0xFF) << 8 | head[5] & 0xFF;
    byte[] message = new byte[length];
    System.arraycopy(head, 0, message, 0, 12);
    in.readFully(message, 12, length - 12);
    return MessageCodec.decode(message);
  }

  /** True when the peer closed the connection within the socket timeout. */
  public boolean closedByPeer() throws IOException {
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (EOFException | SocketException e) {
      return true;
    }
  }

  public void timeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
