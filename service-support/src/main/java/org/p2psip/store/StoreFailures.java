package org.p2psip.store;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;

/** Tells a failure of the store itself (unreachable, not answering) from any other error. */
public final class StoreFailures {

  private StoreFailures() {}

  /**
   * True when {@code error} says Redis could not be reached or did not answer in time: connection
   * refused or lost, commands rejected while disconnected, a command timeout. An error Redis
   * answered (a script error, a wrong type) is a bug, not an outage, and stays a 500.
   */
  public static boolean isOutage(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof StoreUnavailableException) {
        return true;
      }
      if (cause instanceof RedisCommandExecutionException) {
        return false;
      }
      if (cause instanceof RedisConnectionFailureException
          || cause instanceof QueryTimeoutException
          || cause instanceof RedisException
          || cause instanceof TimeoutException
          || cause instanceof IOException) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }
}
