package org.p2psip.disco.sip;

import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TooManyListenersException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.TransactionUnavailableException;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

/**
 * One SIP user agent: a JAIN-SIP stack listening on UDP and TCP at one address and port (and on TLS
 * at a port of its own when it has an overlay certificate, {@link SipTls}), with RFC 3261
 * transactions and dialogs from the stack.
 *
 * <p><b>Threads.</b> JAIN-SIP calls back on its own threads. Incoming requests go to the {@link
 * RequestHandler}, whose Mono is subscribed there and must not block. Everything that may block in
 * the stack (sending, which for TCP may connect) runs on {@code boundedElastic}; the final answer
 * to a request sent here completes its Mono from the stack's thread through a sink. So no event
 * loop waits on the stack, and the stack never waits on a caller.
 */
public final class SipEndpoint implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SipEndpoint.class);
  private static final AtomicLong STACKS = new AtomicLong();

  /**
   * @param name what logs call this agent
   * @param host the address to listen on and to put in Via and Contact
   * @param port the port, on UDP and TCP both
   * @param maxMessageBytes larger messages are refused by the stack (a TCP connection sending one
   *     is closed; over UDP the datagram is dropped)
   * @param tls TLS with an overlay certificate, or null for UDP and TCP only
   */
  public record Settings(
      String name, String host, int port, int maxMessageBytes, @Nullable SipTls tls) {
    public static Settings of(String name, String host, int port) {
      return new Settings(name, host, port, 64 * 1024, null);
    }

    public Settings withTls(@Nullable SipTls tls) {
      return new Settings(name, host, port, maxMessageBytes, tls);
    }

    Settings onPorts(int port, int tlsPort) {
      return new Settings(
          name,
          host,
          port,
          maxMessageBytes,
          tls == null ? null : new SipTls(tls.context(), tlsPort));
    }
  }

  /** A final answer to a request sent from here, with the dialog it created or belongs to. */
  public record Answer(Response response, @Nullable Dialog dialog) {
    public int status() {
      return response.getStatusCode();
    }
  }

  /** A request that reached this agent; answer it through {@link #respond}. */
  public record Incoming(
      SipEndpoint endpoint, Request request, @Nullable ServerTransaction transaction) {

    public String method() {
      return request.getMethod();
    }

    public @Nullable Dialog dialog() {
      return transaction == null ? null : transaction.getDialog();
    }

    /** A response of {@code status} to this request, To-tag added when it ends a dialog. */
    public Response response(int status) {
      return endpoint.response(request, status);
    }

    /** Sends {@code response} in this request's transaction (none for an ACK: nothing sent). */
    public Mono<Void> respond(Response response) {
      if (transaction == null) {
        return Mono.empty();
      }
      ServerTransaction tx = transaction;
      return Mono.<Void>fromRunnable(
              () -> {
                try {
                  tx.sendResponse(response);
                } catch (SipException | InvalidArgumentException e) {
                  throw new SipFailure("response " + response.getStatusCode() + " not sent", e);
                }
              })
          .subscribeOn(Schedulers.boundedElastic());
    }

    public Mono<Void> respond(int status) {
      return Mono.defer(() -> respond(response(status)));
    }
  }

  /** What an agent does with the requests it receives. */
  @FunctionalInterface
  public interface RequestHandler {
    /** The answer to {@code request}; runs on a SIP thread until its first asynchronous step. */
    Mono<Void> handle(Incoming request);
  }

  private final Settings settings;
  private final SipStack stack;
  private final SipProvider provider;
  private final HeaderFactory headers;
  private final AddressFactory addresses;
  private final MessageFactory messages;
  private final Map<ClientTransaction, MonoSink<Answer>> pending = new ConcurrentHashMap<>();
  private volatile RequestHandler handler = request -> request.respond(Response.NOT_IMPLEMENTED);

  private SipEndpoint(
      Settings settings,
      SipStack stack,
      SipProvider provider,
      HeaderFactory headers,
      AddressFactory addresses,
      MessageFactory messages) {
    this.settings = settings;
    this.stack = stack;
    this.provider = provider;
    this.headers = headers;
    this.addresses = addresses;
    this.messages = messages;
  }

  /**
   * Starts listening on UDP and TCP (and TLS); port 0 picks a port free on both, a TLS port 0 a
   * free TCP port (tried a few times: another process may take one between the check and the bind).
   */
  public static SipEndpoint start(Settings settings) {
    boolean anyPort = settings.port() == 0 || settings.tls() != null && settings.tls().port() == 0;
    if (!anyPort) {
      return startOn(settings);
    }
    SipFailure last = null;
    for (int attempt = 0; attempt < 10; attempt++) {
      int port = settings.port();
      int tlsPort = settings.tls() == null ? 0 : settings.tls().port();
      try {
        java.net.InetAddress host = java.net.InetAddress.getByName(settings.host());
        if (port == 0) {
          try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0, host)) {
            port = probe.getLocalPort();
          }
        }
        if (settings.tls() != null && tlsPort == 0) {
          try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, host)) {
            tlsPort = probe.getLocalPort();
          }
        }
      } catch (java.io.IOException e) {
        throw new SipFailure("no free port on " + settings.host(), e);
      }
      try {
        return startOn(settings.onPorts(port, tlsPort));
      } catch (SipFailure taken) {
        last = taken;
      }
    }
    throw last;
  }

  private static SipEndpoint startOn(Settings settings) {
    SipFactory factory = SipFactory.getInstance();
    factory.setPathName("gov.nist");
    Properties properties = new Properties();
    // Stack names must be unique: the factory hands out an existing stack for a known name.
    properties.setProperty(
        "javax.sip.STACK_NAME", settings.name() + "-" + STACKS.incrementAndGet());
    properties.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
    properties.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName());
    properties.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
    properties.setProperty(
        "gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(settings.maxMessageBytes()));
    properties.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
    properties.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "8");
    properties.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
    properties.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
    SipTls tls = settings.tls();
    if (tls != null) {
      properties.setProperty(
          "gov.nist.javax.sip.NETWORK_LAYER", OverlayTlsNetworkLayer.class.getName());
      // "Enabled" is the stack's name for a required client certificate (mutual TLS)
      properties.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Enabled");
      properties.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", SipTls.PROTOCOLS);
      // the stack's own list includes anonymous suites: offer the JDK's defaults instead
      properties.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES", tls.cipherSuites());
      // a peer that opens a connection and never finishes its handshake is dropped
      properties.setProperty("gov.nist.javax.sip.SSL_HANDSHAKE_TIMEOUT", "10000");
      OverlayTlsNetworkLayer.handOver(
          properties.getProperty("javax.sip.STACK_NAME"), tls.context());
    }
    SipStack stack = null;
    try {
      stack = factory.createSipStack(properties);
      ListeningPoint udp = stack.createListeningPoint(settings.host(), settings.port(), "udp");
      ListeningPoint tcp = stack.createListeningPoint(settings.host(), settings.port(), "tcp");
      SipProvider provider = stack.createSipProvider(udp);
      provider.addListeningPoint(tcp);
      if (tls != null) {
        provider.addListeningPoint(stack.createListeningPoint(settings.host(), tls.port(), "tls"));
      }
      SipEndpoint endpoint =
          new SipEndpoint(
              settings,
              stack,
              provider,
              factory.createHeaderFactory(),
              factory.createAddressFactory(),
              factory.createMessageFactory());
      provider.addSipListener(endpoint.new Listener());
      stack.start();
      LOG.info(
          "SIP agent {} listening on {}:{} (UDP, TCP){}",
          settings.name(),
          settings.host(),
          settings.port(),
          tls == null ? "" : " and " + tls.port() + " (TLS)");
      return endpoint;
    } catch (InvalidArgumentException
        | TooManyListenersException
        | SipException
        | RuntimeException e) {
      OverlayTlsNetworkLayer.withdraw(properties.getProperty("javax.sip.STACK_NAME"));
      if (stack != null) {
        stack.stop(); // a UDP port already bound must not stay bound
      }
      throw new SipFailure(
          "SIP agent " + settings.name() + " cannot listen on " + settings.port(), e);
    }
  }

  public void onRequest(RequestHandler handler) {
    this.handler = handler;
  }

  public Settings settings() {
    return settings;
  }

  public HeaderFactory headers() {
    return headers;
  }

  public AddressFactory addresses() {
    return addresses;
  }

  public MessageFactory messages() {
    return messages;
  }

  /** Whether this agent speaks TLS (it has an overlay certificate). */
  public boolean tls() {
    return settings.tls() != null;
  }

  /** The port this agent listens on over {@code transport} (udp, tcp or tls). */
  public int port(String transport) {
    SipTls tls = settings.tls();
    if ("tls".equalsIgnoreCase(transport)) {
      if (tls == null) {
        throw new SipFailure("SIP agent " + settings.name() + " has no TLS", null);
      }
      return tls.port();
    }
    return settings.port();
  }

  /** This agent's SIP URI for {@code user}, over {@code transport} (udp, tcp or tls). */
  public SipURI uri(String user, String transport) {
    try {
      SipURI uri = addresses.createSipURI(user, settings.host());
      uri.setPort(port(transport));
      if (!"udp".equalsIgnoreCase(transport)) {
        uri.setTransportParam(transport);
      }
      return uri;
    } catch (ParseException e) {
      throw new SipFailure("not a SIP user: " + user, e);
    }
  }

  /** A Contact header naming this agent as {@code user} over {@code transport}. */
  public ContactHeader contact(String user, String transport) {
    return headers.createContactHeader(addresses.createAddress(uri(user, transport)));
  }

  /**
   * A new out-of-dialog request from {@code from} to {@code target}, sent over the target's
   * transport parameter (UDP when it has none; TLS for a {@code sips:} target), with this agent as
   * Contact.
   */
  public Request request(
      String method,
      String target,
      String from,
      String to,
      @Nullable ContactHeader contact,
      byte @Nullable [] body,
      @Nullable String contentType) {
    try {
      URI requestUri = addresses.createURI(target);
      String transport = transportOf(requestUri);
      CallIdHeader callId = provider.getNewCallId();
      CSeqHeader cseq = headers.createCSeqHeader(1L, method);
      FromHeader fromHeader =
          headers.createFromHeader(addresses.createAddress(from), Long.toHexString(randomTag()));
      ToHeader toHeader = headers.createToHeader(addresses.createAddress(to), null);
      ViaHeader via = headers.createViaHeader(settings.host(), port(transport), transport, null);
      MaxForwardsHeader maxForwards = headers.createMaxForwardsHeader(70);
      Request request =
          messages.createRequest(
              requestUri, method, callId, cseq, fromHeader, toHeader, List.of(via), maxForwards);
      request.addHeader(
          contact != null
              ? contact
              : headers.createContactHeader(
                  addresses.createAddress(uri(SipUris.userOf(from, "agent"), transport))));
      if (body != null && contentType != null) {
        setBody(request, body, contentType);
      }
      return request;
    } catch (ParseException | InvalidArgumentException e) {
      throw new SipFailure("cannot build " + method + " to " + target, e);
    }
  }

  private static String transportOf(URI uri) {
    if (uri instanceof SipURI sip) {
      if (sip.getTransportParam() != null) {
        return sip.getTransportParam().toLowerCase(java.util.Locale.ROOT);
      }
      return sip.isSecure() ? "tls" : "udp";
    }
    return "udp";
  }

  /** The Content-Type header of {@code mime} ({@code type/subtype}). */
  public ContentTypeHeader contentType(String mime) {
    int slash = mime.indexOf('/');
    try {
      return headers.createContentTypeHeader(mime.substring(0, slash), mime.substring(slash + 1));
    } catch (ParseException e) {
      throw new SipFailure("not a MIME type: " + mime, e);
    }
  }

  /** Sets {@code body} of MIME type {@code mime} (Content-Type and Content-Length follow). */
  public void setBody(javax.sip.message.Message message, byte[] body, String mime) {
    try {
      message.setContent(body, contentType(mime));
    } catch (ParseException e) {
      throw new SipFailure("body of type " + mime + " not set", e);
    }
  }

  /** A response of {@code status} to {@code request}. */
  public Response response(Request request, int status) {
    try {
      Response response = messages.createResponse(status, request);
      ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
      if (to != null && to.getTag() == null && status > 100) {
        to.setTag(Long.toHexString(randomTag()));
      }
      return response;
    } catch (ParseException e) {
      throw new SipFailure("cannot answer " + status, e);
    }
  }

  /**
   * Sends {@code request} in a new client transaction (in {@code dialog} when given) and emits its
   * final answer; provisional answers are skipped. Fails with {@link SipTimeout} when the
   * transaction times out and with {@link SipFailure} when it cannot be sent.
   */
  public Mono<Answer> send(Request request, @Nullable Dialog dialog) {
    return Mono.<Answer>create(
            sink -> {
              ClientTransaction transaction;
              try {
                transaction = provider.getNewClientTransaction(request);
              } catch (TransactionUnavailableException e) {
                sink.error(new SipFailure("no transaction for " + request.getMethod(), e));
                return;
              }
              pending.put(transaction, sink);
              sink.onDispose(() -> pending.remove(transaction));
              try {
                if (dialog != null) {
                  dialog.sendRequest(transaction);
                } else {
                  transaction.sendRequest();
                }
              } catch (SipException e) {
                pending.remove(transaction);
                sink.error(new SipFailure(request.getMethod() + " not sent: " + e.getMessage(), e));
              }
            })
        .subscribeOn(Schedulers.boundedElastic())
        // the stack's own timers end every transaction (64*T1 = 32 s for a non-INVITE); this
        // guard holds if an answer is ever swallowed without a timeout or termination event
        .timeout(
            ANSWER_LIMIT,
            Mono.error(
                () ->
                    new SipTimeout(
                        request.getMethod() + " got no final answer in " + ANSWER_LIMIT)));
  }

  /** Longer than any RFC 3261 transaction lasts (Timer B and F: 32 s) with a margin. */
  static final Duration ANSWER_LIMIT = Duration.ofSeconds(40);

  public Mono<Answer> send(Request request) {
    return send(request, null);
  }

  /** A request within {@code dialog} (BYE, re-INVITE, NOTIFY, ...). */
  public Request inDialog(Dialog dialog, String method) {
    try {
      return dialog.createRequest(method);
    } catch (SipException e) {
      throw new SipFailure("cannot build " + method + " in dialog", e);
    }
  }

  /** ACKs a 2xx answer to an INVITE. */
  public Mono<Void> ack(Answer answer) {
    Dialog dialog = answer.dialog();
    if (dialog == null) {
      return Mono.error(new SipFailure("no dialog to acknowledge", null));
    }
    return Mono.<Void>fromRunnable(
            () -> {
              try {
                long cseq =
                    ((CSeqHeader) answer.response().getHeader(CSeqHeader.NAME)).getSeqNumber();
                dialog.sendAck(dialog.createAck(cseq));
              } catch (SipException | InvalidArgumentException e) {
                throw new SipFailure("ACK not sent", e);
              }
            })
        .subscribeOn(Schedulers.boundedElastic());
  }

  /** Stops listening; requests still waiting for an answer fail. */
  @Override
  public void close() {
    for (MonoSink<Answer> sink : pending.values()) {
      sink.error(new SipFailure("SIP agent " + settings.name() + " stopped", null));
    }
    pending.clear();
    // The NIST stack's stop walks lists its own threads may still change, and can throw
    // ConcurrentModificationException (seen under load): one more try finishes what is left.
    for (int attempt = 1; ; attempt++) {
      try {
        stack.stop();
        break;
      } catch (RuntimeException e) {
        if (attempt == 2) {
          LOG.warn("SIP agent {} stopped with an error: {}", settings.name(), e.toString());
          break;
        }
      }
    }
    LOG.info("SIP agent {} stopped", settings.name());
  }

  private static long randomTag() {
    return ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
  }

  /** JAIN-SIP's callbacks, on its threads. */
  private final class Listener implements SipListener {

    @Override
    public void processRequest(RequestEvent event) {
      Request request = event.getRequest();
      ServerTransaction transaction = event.getServerTransaction();
      if (transaction == null && !Request.ACK.equals(request.getMethod())) {
        try {
          transaction = provider.getNewServerTransaction(request);
        } catch (TransactionAlreadyExistsException retransmission) {
          return; // the stack answers retransmissions itself
        } catch (TransactionUnavailableException e) {
          LOG.debug("{}: no transaction for {}: {}", settings.name(), request.getMethod(), e);
          return;
        }
      }
      Incoming incoming = new Incoming(SipEndpoint.this, request, transaction);
      Mono<Void> answer;
      try {
        answer = handler.handle(incoming);
      } catch (RuntimeException e) {
        answer = Mono.error(e);
      }
      answer.subscribe(
          null,
          error -> {
            LOG.warn("{}: {} failed: {}", settings.name(), request.getMethod(), error.toString());
            if (incoming.transaction() != null) {
              incoming.respond(Response.SERVER_INTERNAL_ERROR).onErrorComplete().subscribe();
            }
          });
    }

    @Override
    public void processResponse(ResponseEvent event) {
      ClientTransaction transaction = event.getClientTransaction();
      Response response = event.getResponse();
      if (transaction == null || response.getStatusCode() < 200) {
        return; // provisional, or a retransmitted 2xx the dialog layer handles
      }
      MonoSink<Answer> sink = pending.remove(transaction);
      if (sink != null) {
        Dialog dialog = event.getDialog() != null ? event.getDialog() : transaction.getDialog();
        sink.success(new Answer(response, dialog));
      }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
      if (event.isServerTransaction()) {
        return;
      }
      MonoSink<Answer> sink = pending.remove(event.getClientTransaction());
      if (sink != null) {
        sink.error(
            new SipTimeout(
                event.getClientTransaction().getRequest().getMethod() + " got no final answer"));
      }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
      LOG.debug(
          "{}: I/O failure with {}:{}/{}",
          settings.name(),
          event.getHost(),
          event.getPort(),
          event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
      if (event.isServerTransaction()) {
        return;
      }
      // ended without a final answer (a connection reset, say): the caller must not wait for ever
      MonoSink<Answer> sink = pending.remove(event.getClientTransaction());
      if (sink != null) {
        sink.error(
            new SipFailure(
                event.getClientTransaction().getRequest().getMethod()
                    + " ended without a final answer",
                null));
      }
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {}
  }
}
