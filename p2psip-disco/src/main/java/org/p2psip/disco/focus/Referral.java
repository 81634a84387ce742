package org.p2psip.disco.focus;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.ContactHeader;
import javax.sip.header.Header;
import javax.sip.header.ReferToHeader;
import javax.sip.message.Request;
import org.jspecify.annotations.Nullable;
import org.p2psip.disco.sip.SipEndpoint;
import org.p2psip.disco.sip.SipFailure;

/**
 * A call handed from one focus to another (DisCo 5.2): who the participant is, where it answers,
 * and which of its dialogs the new focus's INVITE replaces (RFC 3891).
 *
 * <p>On the wire, the REFER's {@code Refer-To} is the participant's contact (with its {@code coord}
 * parameter) carrying two URI headers: {@code Replaces}, the dialog with the referring focus
 * (Call-ID; to-tag, the participant's tag; from-tag, the referring focus's), and {@code To}, the
 * participant's address of record. The draft's "call-ID as a parameter of the Refer-To URI" is the
 * Call-ID within {@code Replaces}, which also says which dialog to drop.
 *
 * @param participant its address of record ({@code sip:dave@example.org})
 * @param contact where it answers (its Contact URI, headers removed)
 * @param callId the Call-ID of its call with the referring focus
 * @param participantTag its tag in that call
 * @param focusTag the referring focus's tag in that call
 */
record Referral(
    String participant, String contact, String callId, String participantTag, String focusTag) {

  /** Thrown for a REFER this focus cannot act on (answered 400). */
  static final class Unusable extends RuntimeException {
    Unusable(String message) {
      super(message);
    }
  }

  /** The value of the {@code Replaces} header (and URI header) for this call. */
  String replaces() {
    return callId + ";to-tag=" + participantTag + ";from-tag=" + focusTag;
  }

  /** The {@code Refer-To} header naming the participant, its dialog and its address of record. */
  Header referTo(SipEndpoint sip) {
    String uri =
        contact + "?Replaces=" + escape(replaces()) + "&To=" + escape("<" + participant + ">");
    try {
      Address address = sip.addresses().createAddress(sip.addresses().createURI(uri));
      return sip.headers().createReferToHeader(address);
    } catch (ParseException e) {
      throw new SipFailure("no Refer-To for " + contact, e);
    }
  }

  /** Reads a REFER; throws {@link Unusable} when it does not name a participant's dialog. */
  static Referral of(Request refer) {
    ReferToHeader header = (ReferToHeader) refer.getHeader(ReferToHeader.NAME);
    if (header == null || header.getAddress() == null) {
      throw new Unusable("no Refer-To");
    }
    URI uri = header.getAddress().getURI();
    if (!(uri instanceof SipURI)) {
      throw new Unusable("Refer-To is not a SIP URI");
    }
    String text = uri.toString();
    int question = text.indexOf('?');
    if (question < 0) {
      throw new Unusable("Refer-To names no dialog to replace");
    }
    String contact = text.substring(0, question);
    String replaces = null;
    String to = null;
    for (String pair : text.substring(question + 1).split("&")) {
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        continue;
      }
      String name = pair.substring(0, equals);
      String value = unescape(pair.substring(equals + 1));
      if (name.equalsIgnoreCase("Replaces")) {
        replaces = value;
      } else if (name.equalsIgnoreCase("To")) {
        to = value;
      }
    }
    if (replaces == null || to == null) {
      throw new Unusable("Refer-To lacks Replaces or To");
    }
    String[] parts = replaces.split(";");
    String toTag = null;
    String fromTag = null;
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].startsWith("to-tag=")) {
        toTag = parts[i].substring("to-tag=".length());
      } else if (parts[i].startsWith("from-tag=")) {
        fromTag = parts[i].substring("from-tag=".length());
      }
    }
    String participant =
        to.startsWith("<") && to.endsWith(">") ? to.substring(1, to.length() - 1) : to;
    if (parts[0].isBlank() || toTag == null || fromTag == null || !participant.startsWith("sip")) {
      throw new Unusable("Replaces or To malformed");
    }
    return new Referral(participant, contact, parts[0], toTag, fromTag);
  }

  /** The address of the participant's Contact, or null. */
  static @Nullable String contactOf(Request request) {
    ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
    return contact == null || contact.getAddress() == null
        ? null
        : contact.getAddress().getURI().toString();
  }

  /** Percent-encodes everything a URI header value may not hold as is (RFC 3261 25.1 hvalue). */
  static String escape(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (Character.isLetterOrDigit(c) && c < 128 || "-_.!~*'()[]/:+$".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  static String unescape(String value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%' && i + 2 < value.length()) {
        try {
          out.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
          i += 2;
          continue;
        } catch (NumberFormatException e) {
          throw new Unusable("bad escape in Refer-To");
        }
      }
      out.write(c);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
