package org.p2psip.protocol.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/** Ring arithmetic against a BigInteger model of docs/peer-protocol.md 3.1. */
class RingProperties {

  private static final BigInteger MOD = BigInteger.ONE.shiftLeft(128);

  @Provide
  Arbitrary<Id128> ids() {
    // Mostly random IDs, with the edges (0, 1, 2^128 - 1, 2^127) and near-collisions mixed in.
    Arbitrary<BigInteger> random =
        Arbitraries.bigIntegers().between(BigInteger.ZERO, MOD.subtract(BigInteger.ONE));
    Arbitrary<BigInteger> edges =
        Arbitraries.of(
            BigInteger.ZERO,
            BigInteger.ONE,
            BigInteger.TWO,
            MOD.subtract(BigInteger.ONE),
            MOD.subtract(BigInteger.TWO),
            BigInteger.ONE.shiftLeft(127),
            BigInteger.ONE.shiftLeft(64),
            BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
    return Arbitraries.frequencyOf(Tuple.of(3, random), Tuple.of(1, edges))
        .map(value -> UInt128.of(value).toId());
  }

  private static BigInteger model(Id128 id) {
    return new BigInteger(1, id.toByteArray());
  }

  private static BigInteger modelDistance(Id128 a, Id128 b) {
    return model(b).subtract(model(a)).mod(MOD);
  }

  @Property
  void distanceIsTheClockwiseDifference(
      @ForAll @From("ids") Id128 a, @ForAll @From("ids") Id128 b) {
    assertThat(Ring.distance(a, b).toBigInteger()).isEqualTo(modelDistance(a, b));
  }

  @Property
  void sumAndDifferenceWrapModulo2To128(
      @ForAll @From("ids") Id128 a, @ForAll @From("ids") Id128 b) {
    UInt128 x = UInt128.of(a);
    UInt128 y = UInt128.of(b);
    assertThat(x.plus(y).toBigInteger()).isEqualTo(model(a).add(model(b)).mod(MOD));
    assertThat(x.minus(y).toBigInteger()).isEqualTo(model(a).subtract(model(b)).mod(MOD));
    assertThat(Integer.signum(x.compareTo(y))).isEqualTo(model(a).compareTo(model(b)));
  }

  @Property
  void halfOpenIntervalMatchesTheModel(
      @ForAll @From("ids") Id128 x, @ForAll @From("ids") Id128 a, @ForAll @From("ids") Id128 b) {
    BigInteger toX = modelDistance(a, x);
    boolean expected = a.equals(b) || (toX.signum() > 0 && toX.compareTo(modelDistance(a, b)) <= 0);
    assertThat(Ring.inHalfOpen(x, a, b)).isEqualTo(expected);
    assertThat(new Range(a, b).contains(x)).isEqualTo(expected);
  }

  @Property
  void openIntervalMatchesTheModel(
      @ForAll @From("ids") Id128 x, @ForAll @From("ids") Id128 a, @ForAll @From("ids") Id128 b) {
    BigInteger toX = modelDistance(a, x);
    boolean expected = toX.signum() > 0 && (a.equals(b) || toX.compareTo(modelDistance(a, b)) < 0);
    assertThat(Ring.inOpen(x, a, b)).isEqualTo(expected);
  }

  @Property
  void fingerTargetsAreNPlusPowersOfTwo(
      @ForAll @From("ids") Id128 n, @ForAll @IntRange(min = 0, max = 127) int i) {
    assertThat(model(Ring.fingerTarget(n, i)))
        .isEqualTo(model(n).add(BigInteger.ONE.shiftLeft(i)).mod(MOD));
  }

  @Property
  void aRangeCoversExactlyTheRangesWhoseIdsItContains(
      @ForAll @From("ids") Id128 a,
      @ForAll @From("ids") Id128 b,
      @ForAll @From("ids") Id128 c,
      @ForAll @From("ids") Id128 d) {
    Range outer = new Range(a, b);
    Range inner = new Range(c, d);
    // Model: inner's first and last IDs are in outer and inner does not wrap past outer's end.
    boolean expected;
    if (outer.isWholeRing()) {
      expected = true;
    } else if (inner.isWholeRing()) {
      expected = false;
    } else {
      BigInteger firstOffset = modelDistance(a, c).add(BigInteger.ONE).mod(MOD);
      BigInteger lastOffset = modelDistance(a, d);
      BigInteger width = modelDistance(a, b);
      expected =
          lastOffset.signum() > 0
              && lastOffset.compareTo(width) <= 0
              && firstOffset.signum() > 0
              && firstOffset.compareTo(lastOffset) <= 0;
    }
    assertThat(outer.covers(inner)).isEqualTo(expected);
  }
}
