package org.p2psip.disco.sip;

import gov.nist.core.StackLogger;
import java.util.Locale;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's stack log through SLF4J (logger {@code org.p2psip.disco.sip.stack}). Without it the
 * stack reaches for log4j 1, which is not on the class path. Named in the stack's properties, so it
 * needs a public no-argument constructor.
 *
 * <p>Levels are lowered one step where the stack is louder than an operator needs: what it calls an
 * error is almost always a remote condition (a peer that does not listen, a connection reset) that
 * the caller also gets as a {@link SipFailure}, so it logs as a warning; its warnings at every
 * start that TLS has no key store are debug, since agents here do not listen on TLS.
 */
public final class Slf4jStackLogger implements StackLogger {

  private static final Logger LOG = LoggerFactory.getLogger("org.p2psip.disco.sip.stack");

  @Override
  public void logStackTrace() {
    if (LOG.isDebugEnabled()) {
      LOG.debug("stack trace", new Throwable("stack trace"));
    }
  }

  @Override
  public void logStackTrace(int level) {
    logStackTrace();
  }

  @Override
  public int getLineCount() {
    return 0;
  }

  @Override
  public void logException(Throwable error) {
    LOG.warn("SIP stack: {}", error.toString());
    LOG.debug("stack trace", error);
  }

  @Override
  public void logDebug(String message) {
    LOG.debug(message);
  }

  @Override
  public void logDebug(String message, Exception error) {
    LOG.debug(message, error);
  }

  @Override
  public void logTrace(String message) {
    LOG.trace(message);
  }

  @Override
  public void logFatalError(String message) {
    LOG.error(message);
  }

  @Override
  public void logError(String message) {
    LOG.warn(message);
  }

  @Override
  public boolean isLoggingEnabled() {
    return LOG.isWarnEnabled();
  }

  @Override
  public boolean isLoggingEnabled(int level) {
    if (level >= TRACE_TRACE) {
      return LOG.isTraceEnabled();
    }
    if (level >= TRACE_DEBUG) {
      return LOG.isDebugEnabled();
    }
    if (level >= TRACE_INFO) {
      return LOG.isDebugEnabled();
    }
    if (level >= TRACE_WARN) {
      return LOG.isWarnEnabled();
    }
    return LOG.isErrorEnabled();
  }

  @Override
  public void logError(String message, Exception error) {
    LOG.warn("{}: {}", message, error.toString());
    LOG.debug("stack trace", error);
  }

  @Override
  public void logWarning(String message) {
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.contains("tls") || lower.contains("keystore") || lower.contains("truststore")) {
      LOG.debug(message);
    } else {
      LOG.warn(message);
    }
  }

  @Override
  public void logInfo(String message) {
    LOG.debug(message); // the stack's information is per message and per start: detail
  }

  @Override
  public void disableLogging() {}

  @Override
  public void enableLogging() {}

  @Override
  public void setBuildTimeStamp(String timeStamp) {}

  @Override
  public void setStackProperties(Properties properties) {}

  @Override
  public String getLoggerName() {
    return LOG.getName();
  }
}
