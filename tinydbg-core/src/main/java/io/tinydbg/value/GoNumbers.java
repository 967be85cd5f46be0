package io.tinydbg.value;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Go's {@code strconv.FormatFloat(f, 'f', -1, bits)}, which Delve uses for floats: the fewest decimal digits that
 * read back as the same float32 or float64, written without an exponent ({@code 1e21} is
 * {@code 1000000000000000000000}); {@code +Inf}, {@code -Inf} and {@code NaN} as Delve names them.
 */
final class GoNumbers {
    private GoNumbers() {
    }

    static String formatFloat(double value, int bits) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == 0) {
            return (Double.doubleToRawLongBits(value) < 0 ? "-" : "") + "0";
        }
        BigDecimal exact = new BigDecimal(value);
        // the shortest rounding that round-trips; 9 digits always do for a float32, 17 for a float64
        for (int digits = 1; digits <= 17; digits++) {
            BigDecimal candidate = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            boolean same = bits == 32 ? candidate.floatValue() == (float) value : candidate.doubleValue() == value;
            if (same) {
                return plain(candidate);
            }
        }
        return plain(exact);
    }

    private static String plain(BigDecimal d) {
        String s = d.stripTrailingZeros().toPlainString();
        return s;
    }
}
