package dev.exca.runtime.identity;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The parts of CPython's float behaviour that end up in uids: the numeric hash, {@code int(x)} of
 * an integral float, and the {@code %.2f} / {@code %.2e} formats.
 *
 * <p>CPython formats the exact binary value of a double, rounding half to even; Java's {@code
 * String.format} rounds the shortest decimal representation half up, so {@code 0.125} and {@code
 * 2.675} would come out as {@code 0.13} and {@code 2.68} instead of {@code 0.12} and {@code 2.67}.
 * {@code new BigDecimal(double)} is that exact binary value.
 */
final class PythonFloats {
  /** The modulus of CPython's numeric hash, 2^61 - 1 (a Mersenne prime). */

  private static final int MODULUS_BITS = 61;
  private static final long MASK_61 = (1L << 61) - 1;
  private static final MathContext THREE_DIGITS = new MathContext(3, RoundingMode.HALF_EVEN);

  private PythonFloats() {}

  /** Python's {@code x.is_integer()}: false for infinities and NaN. */
  static boolean isInteger(double x) {
    return Double.isFinite(x) && x == Math.rint(x);
  }

  /** Python's {@code str(int(x))} for an integral double: every digit, however large. */
  static String intString(double x) {
    return new BigDecimal(x).toBigIntegerExact().toString();
  }

  /**
   * Python's {@code hash(x)}: the exact rational {@code ±m·2^e} reduced modulo 2^61 - 1. Since 2^61
   * ≡ 1 (mod 2^61 - 1), a power of two only needs its exponent reduced modulo 61, and the inverse
   * of 2^k is 2^(61 - k mod 61).
   *
   * <p>NaN hashes by object identity since Python 3.10, so a NaN uid is not reproducible in the
   * reference; we use 0, the value of Python 3.9 and earlier, to stay deterministic.
   */
  static long hash(double x) {
    if (Double.isNaN(x)) {
      return 0;
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? 314159 : -314159;
    }
    long bits = Double.doubleToRawLongBits(x);
    int biasedExponent = (int) ((bits >>> 52) & 0x7ff);
    long mantissa = bits & ((1L << 52) - 1);
    int exponent;
    if (biasedExponent == 0) {
      exponent = -1074; // subnormal: no implicit leading bit
    } else {
      mantissa |= 1L << 52;
      exponent = biasedExponent - 1075;
    }
    int shift =
        exponent >= 0
            ? exponent % MODULUS_BITS
            : (MODULUS_BITS - (-exponent) % MODULUS_BITS) % MODULUS_BITS;
    // mantissa < 2^53 < 2^61 - 1, and 2^61 ≡ 1: multiplying by 2^shift is a rotation of the
    // 61-bit number (never all ones, so the result is already reduced)
    long h = ((mantissa << shift) & MASK_61) | (mantissa >>> (MODULUS_BITS - shift));
    if (x < 0) {
      h = -h;
    }
    return h == -1 ? -2 : h; // -1 is CPython's error marker, never a hash
  }

  /** Python's {@code f"{x:.2f}"} for a finite double. */
  static String fixed2(double x) {
    // BigDecimal has no negative zero, but Python prints "-0.00" for -0.001: keep the sign apart.
    double a = Math.abs(x);
    if (a < FAST_FIXED_LIMIT) {
      return sign(x) + hundredths(roundHundredths(a));
    }
    String digits = new BigDecimal(a).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    return sign(x) + digits;
  }

  /** Below this, {@code 100 * a} and the half-integers around it are exact doubles. */
  private static final double FAST_FIXED_LIMIT = 1e12;

  /**
   * The exact binary value of {@code a} (finite, {@code 0 <= a < 1e12}) times 100, rounded half to
   * even, without BigDecimal: {@code fma(a, 100, -b)} has the sign of the exact {@code 100a - b}
   * (one rounding never flips a sign, and the difference is far above the subnormals), so
   * comparing with the half-integers {@code q ± 0.5} around the estimate {@code q} is exact.
   */
  static long roundHundredths(double a) {
    long q = Math.round(a * 100);
    while (true) {
      double below = Math.fma(a, 100, -(q - 0.5)); // 100a - (q - 1/2)
      if (below < 0) {
        q--;
        continue;
      }
      double above = Math.fma(a, 100, -(q + 0.5)); // 100a - (q + 1/2)
      if (above > 0) {
        q++;
        continue;
      }
      if (below == 0) { // exactly halfway between q - 1 and q
        return (q & 1) == 0 ? q : q - 1;
      }
      if (above == 0) { // exactly halfway between q and q + 1
        return (q & 1) == 0 ? q : q + 1;
      }
      return q;
    }
  }

  /** {@code q / 100} with exactly two decimals. */
  private static String hundredths(long q) {
    long cents = q % 100;
    return (q / 100) + (cents < 10 ? ".0" : ".") + cents;
  }

  /**
   * Python's {@code f"{x:.2e}"}: exponent with a sign and at least two digits ({@code 1.23e+04}).
   */
  static String exponent2(double x) {
    if (Double.isNaN(x)) {
      return "nan";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "inf" : "-inf";
    }
    if (x == 0) {
      return sign(x) + "0.00e+00";
    }
    BigDecimal rounded = new BigDecimal(Math.abs(x)).round(THREE_DIGITS);
    String unscaled = rounded.unscaledValue().toString();
    int exponent = unscaled.length() - 1 - rounded.scale();
    String digits = (unscaled + "00").substring(0, 3);
    String exponentText = String.format("%02d", Math.abs(exponent));
    return sign(x)
        + digits.charAt(0)
        + "."
        + digits.substring(1)
        + "e"
        + (exponent < 0 ? "-" : "+")
        + exponentText;
  }

  private static String sign(double x) {
    return (x < 0 || (x == 0 && 1 / x < 0)) ? "-" : "";
  }
}
