package org.p2psip.registry.web;

import java.time.Duration;
import java.util.Map;
import org.p2psip.problem.ProblemAnswer;
import org.p2psip.problem.ProblemAnswers;
import org.p2psip.protocol.reload.ReloadErrorCode;
import org.p2psip.registry.RegistryException;
import org.p2psip.registry.RegistryProperties;
import org.p2psip.store.StoreFailures;
import org.p2psip.store.StoreUnavailableException;
import org.p2psip.trust.OverlayTrust;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;

/**
 * What every refusal is answered with, whichever layer raised it: an RFC 9457 problem ({@code
 * application/problem+json}) with a fitting HTTP status and, where a RELOAD error applies
 * (docs/protocol.md 4.3), its code and name ({@code reloadError}, {@code reloadErrorName}, type
 * {@code urn:ietf:rfc:6940:error:<code>}): Data_Too_Large for a body over the limit,
 * Invalid_Message for any request that cannot be read. Refusals of HTTP itself (unknown path, wrong
 * method, unacceptable or unsupported media type) and unavailability carry no RELOAD error.
 */
@Component
public final class Problems implements ProblemAnswers {

  private static final Logger log = LoggerFactory.getLogger(Problems.class);

  /** While the overlay CA has not been read: it is retried every 2 s. */
  private static final Duration TRUST_RETRY = Duration.ofSeconds(10);

  private final Duration storeRetryAfter;

  public Problems(RegistryProperties properties) {
    this.storeRetryAfter = properties.store().retryAfter();
  }

  static HttpStatus status(ReloadErrorCode code) {
    return switch (code) {
      case FORBIDDEN -> HttpStatus.FORBIDDEN;
      case NOT_FOUND -> HttpStatus.NOT_FOUND;
      case GENERATION_COUNTER_TOO_LOW, DATA_TOO_OLD -> HttpStatus.CONFLICT;
      case DATA_TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
      case UNKNOWN_KIND, INVALID_MESSAGE -> HttpStatus.BAD_REQUEST;
    };
  }

  /** The answer to {@code error}, raised while serving {@code path}. */
  @Override
  public ProblemAnswer of(Throwable error, String path) {
    if (error instanceof RegistryException refused) {
      return reload(refused.code(), refused.getMessage(), refused.extra(), path);
    }
    if (error instanceof StoreUnavailableException unavailable) {
      return ProblemAnswer.unavailable(
          "Store unavailable", error.getMessage(), unavailable.retryAfter(), path);
    }
    if (error instanceof OverlayTrust.TrustUnavailableException) {
      return ProblemAnswer.unavailable(
          "Overlay CA not available", error.getMessage(), TRUST_RETRY, path);
    }
    if (ProblemAnswers.causedBy(error, DataBufferLimitException.class)) {
      return reload(
          ReloadErrorCode.DATA_TOO_LARGE, "the request body is too large", Map.of(), path);
    }
    if (error instanceof ErrorResponse response) {
      return framework(response, path);
    }
    if (StoreFailures.isOutage(error)) {
      // a Redis call outside the dictionary store (the change stream's subscription)
      return ProblemAnswer.unavailable(
          "Store unavailable",
          "the registry's store (Redis) cannot be reached; try again later",
          storeRetryAfter,
          path);
    }
    log.error("request {} failed", path, error);
    return ProblemAnswer.internalError(
        "the registry failed to answer; the failure is in its log", path);
  }

  /** A refusal of Spring's (mapping, codecs, argument resolution), keeping its headers. */
  private ProblemAnswer framework(ErrorResponse response, String path) {
    HttpStatusCode status = response.getStatusCode();
    ProblemDetail detail = response.getBody();
    String text = detail.getDetail() == null ? ProblemAnswer.reason(status) : detail.getDetail();
    HttpHeaders headers = new HttpHeaders();
    headers.putAll(response.getHeaders());
    if (status.value() == HttpStatus.BAD_REQUEST.value()) {
      return reload(
          ReloadErrorCode.INVALID_MESSAGE, "the request cannot be read: " + text, Map.of(), path);
    }
    if (status.value() == HttpStatus.CONTENT_TOO_LARGE.value()) {
      return reload(ReloadErrorCode.DATA_TOO_LARGE, text, Map.of(), path);
    }
    if (status.is5xxServerError()) {
      log.error("request {} failed", path, (Throwable) response);
    }
    return ProblemAnswer.of(status, headers, null, text, path);
  }

  private ProblemAnswer reload(
      ReloadErrorCode code, String detail, Map<String, Object> extra, String path) {
    HttpStatus status = status(code);
    ProblemAnswer answer =
        ProblemAnswer.of(status, new HttpHeaders(), code.reloadName(), detail, path);
    Map<String, Object> body = answer.body();
    body.put("type", "urn:ietf:rfc:6940:error:" + code.code());
    body.put("reloadError", code.code());
    body.put("reloadErrorName", code.reloadName());
    extra.forEach(body::putIfAbsent);
    return answer;
  }
}
