package org.p2psip.enrollment.web;

import org.jspecify.annotations.Nullable;
import org.p2psip.enrollment.account.Account;
import org.p2psip.enrollment.account.AccountService;
import org.p2psip.enrollment.account.LoginThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Password logins, throttled: past the failure limit of the user name or the client's address
 * ({@link GatewayForwardedRequests#clientAddress}) a login is refused without checking the
 * password, and every failure is counted. Every endpoint that takes a password goes through here.
 */
@Component
final class PasswordLogins {

  private static final Logger log = LoggerFactory.getLogger(PasswordLogins.class);

  private final AccountService accounts;
  private final LoginThrottle throttle;

  PasswordLogins(AccountService accounts, LoginThrottle throttle) {
    this.accounts = accounts;
    this.throttle = throttle;
  }

  /**
   * The active account of {@code userName} (canonical) if {@code password} is right and neither the
   * name nor {@code address} is over its limit; else empty.
   */
  Mono<Account> authenticate(String userName, String password, String address) {
    return throttle
        .blocked(userName, address)
        .flatMap(
            blocked -> {
              if (blocked) {
                log.warn("login of {} from {} refused: too many failures", userName, address);
                return Mono.<Account>empty();
              }
              return accounts
                  .authenticate(userName, password)
                  .switchIfEmpty(
                      Mono.defer(
                          () -> {
                            log.info("login of {} from {} failed", userName, address);
                            return throttle.failed(userName, address).then(Mono.empty());
                          }));
            });
  }

  /** {@code text} fit for one log line: control and non-ASCII characters escaped, at most 80. */
  static String printable(@Nullable String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < 80; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.toString();
  }
}
