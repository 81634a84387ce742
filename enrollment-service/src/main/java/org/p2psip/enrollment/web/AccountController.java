package org.p2psip.enrollment.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.p2psip.enrollment.account.Account;
import org.p2psip.enrollment.account.AccountService;
import org.p2psip.enrollment.account.AuditTrail;
import org.p2psip.protocol.reload.UserNames;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The operator API: create, list, disable and enable accounts. Every call needs {@code
 * Authorization: Bearer <p2psip.enrollment.operator-token>}; with no token configured every call is
 * refused. Answers never contain a verifier or a key.
 */
@RestController
public final class AccountController {

  private final AccountService accounts;
  private final AuditTrail audit;
  private final OperatorToken operator;

  public AccountController(AccountService accounts, AuditTrail audit, OperatorToken operator) {
    this.accounts = accounts;
    this.audit = audit;
    this.operator = operator;
  }

  /** A new account. */
  public record NewAccount(@Nullable String username, @Nullable String password) {}

  /** What the operator sees of an account. */
  public record AccountView(String username, boolean active, List<String> nodeIds) {
    static AccountView of(Account account) {
      return new AccountView(
          account.userName(),
          account.active(),
          account.nodeIds().stream().map(Object::toString).toList());
    }
  }

  private boolean authorized(@Nullable String authorization) {
    return operator.accepts(authorization);
  }

  private static <T> Mono<ResponseEntity<T>> unauthorized() {
    return Mono.just(ResponseEntity.status(HttpStatus.UNAUTHORIZED).build());
  }

  @PostMapping("/v1/accounts")
  public Mono<ResponseEntity<Object>> create(
      @RequestHeader(name = "Authorization", required = false) @Nullable String authorization,
      @RequestBody NewAccount account) {
    if (!authorized(authorization)) {
      return unauthorized();
    }
    Optional<String> userName = UserNames.canonical(account.username());
    if (userName.isEmpty()) {
      return Mono.just(
          ResponseEntity.badRequest()
              .body(
                  Map.of(
                      "error",
                      "user name like user@domain: "
                          + UserNames.problem(account.username()).orElse(""))));
    }
    if (account.password() == null || account.password().length() < 8) {
      return Mono.just(
          ResponseEntity.badRequest().body(Map.of("error", "a password of 8 or more characters")));
    }
    String name = userName.get();
    return accounts
        .create(name, account.password())
        .flatMap(
            created ->
                created
                    ? audit
                        .record("account-created", Map.of("user", name))
                        .thenReturn(
                            ResponseEntity.status(HttpStatus.CREATED)
                                .body((Object) Map.of("username", name)))
                    : Mono.just(
                        ResponseEntity.status(HttpStatus.CONFLICT)
                            .body((Object) Map.of("error", "username_not_available"))));
  }

  @GetMapping("/v1/accounts")
  public Mono<ResponseEntity<List<AccountView>>> list(
      @RequestHeader(name = "Authorization", required = false) @Nullable String authorization) {
    if (!authorized(authorization)) {
      return unauthorized();
    }
    return accounts.list().map(AccountView::of).collectList().map(ResponseEntity::ok);
  }

  @PostMapping("/v1/accounts/{username}/disable")
  public Mono<ResponseEntity<Object>> disable(
      @RequestHeader(name = "Authorization", required = false) @Nullable String authorization,
      @PathVariable String username) {
    return setActive(authorization, username, false);
  }

  @PostMapping("/v1/accounts/{username}/enable")
  public Mono<ResponseEntity<Object>> enable(
      @RequestHeader(name = "Authorization", required = false) @Nullable String authorization,
      @PathVariable String username) {
    return setActive(authorization, username, true);
  }

  private Mono<ResponseEntity<Object>> setActive(
      String authorization, String givenName, boolean active) {
    if (!authorized(authorization)) {
      return unauthorized();
    }
    Optional<String> userName = UserNames.canonical(givenName);
    if (userName.isEmpty()) {
      return Mono.just(ResponseEntity.notFound().build());
    }
    String username = userName.get();
    return accounts
        .setActive(username, active)
        .flatMap(
            found ->
                found
                    ? audit
                        .record(
                            active ? "account-enabled" : "account-disabled",
                            Map.of("user", username))
                        .thenReturn(
                            ResponseEntity.ok(
                                (Object) Map.of("username", username, "active", active)))
                    : Mono.just(ResponseEntity.notFound().build()));
  }
}
