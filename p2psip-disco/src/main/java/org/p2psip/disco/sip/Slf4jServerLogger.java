package org.p2psip.disco.sip;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's message log through SLF4J: every SIP message sent or received at TRACE on logger
 * {@code org.p2psip.disco.sip.messages} (off by default; turn it on to see the wire).
 */
public final class Slf4jServerLogger implements ServerLogger {

  private static final Logger LOG = LoggerFactory.getLogger("org.p2psip.disco.sip.messages");

  @Override
  public void closeLogFile() {}

  @Override
  public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
    log(message, from, to, sender);
  }

  @Override
  public void logMessage(
      SIPMessage message, String from, String to, String status, boolean sender, long time) {
    log(message, from, to, sender);
  }

  @Override
  public void logMessage(
      SIPMessage message, String from, String to, String status, boolean sender) {
    log(message, from, to, sender);
  }

  private static void log(SIPMessage message, String from, String to, boolean sender) {
    if (LOG.isTraceEnabled()) {
      LOG.trace("{} {} -> {}\n{}", sender ? "sent" : "received", from, to, message.encode());
    }
  }

  @Override
  public void logException(Exception error) {
    LOG.debug("SIP message log: {}", error.toString());
  }

  @Override
  public void setStackProperties(Properties properties) {}

  @Override
  public void setSipStack(SipStack stack) {}
}
