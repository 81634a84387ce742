package org.p2psip.hostpeer.overlay.store;

import java.nio.charset.StandardCharsets;
import org.p2psip.protocol.value.Id128;
import org.springframework.data.domain.Range;
import org.springframework.data.domain.Range.Bound;
import org.springframework.data.redis.core.ReactiveZSetOperations;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads the Resource-ID index ({@link StoreKeys#ids()}) for a ring interval (start, end]: one lex
 * range, or two when the interval wraps round zero, read low part first so that the IDs come in
 * ascending numeric order (the store's key order), not ring order.
 */
final class RingIndex {

  private RingIndex() {}

  /** The Resource-IDs (32 hex digits) held in (start, end]; start = end is the whole ring. */
  static Flux<String> resourceIds(
      ReactiveZSetOperations<String, byte[]> zset, String key, Id128 start, Id128 end) {
    String from = start.hex();
    String to = end.hex();
    int order = start.compareTo(end);
    if (order == 0) {
      return read(zset, key, Range.unbounded());
    }
    if (order < 0) {
      return read(zset, key, Range.leftOpen(from, to));
    }
    return read(zset, key, Range.leftUnbounded(Bound.inclusive(to)))
        .concatWith(read(zset, key, Range.rightUnbounded(Bound.exclusive(from))));
  }

  /** How many Resource-IDs are held in (start, end]: ZLEXCOUNT, nothing read but the counts. */
  static Mono<Long> count(
      ReactiveZSetOperations<String, byte[]> zset, String key, Id128 start, Id128 end) {
    String from = start.hex();
    String to = end.hex();
    int order = start.compareTo(end);
    if (order == 0) {
      return zset.lexCount(key, Range.unbounded());
    }
    if (order < 0) {
      return zset.lexCount(key, Range.leftOpen(from, to));
    }
    return zset.lexCount(key, Range.leftUnbounded(Bound.inclusive(to)))
        .zipWith(zset.lexCount(key, Range.rightUnbounded(Bound.exclusive(from))), Long::sum);
  }

  private static Flux<String> read(
      ReactiveZSetOperations<String, byte[]> zset, String key, Range<String> lex) {
    return zset.rangeByLex(key, lex).map(member -> new String(member, StandardCharsets.US_ASCII));
  }
}
