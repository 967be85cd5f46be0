package io.tinydbg.value;

import java.nio.ByteBuffer;

/** Converts the x87 80-bit extended format of C's {@code long double} to a Java double. */
final class X87 {
    private X87() {
    }

    static double toDouble(ByteBuffer b) {
        long mantissa = b.getLong(0);
        int signExp = b.getShort(8) & 0xffff;
        boolean negative = (signExp & 0x8000) != 0;
        int exponent = signExp & 0x7fff;
        double value;
        if (exponent == 0 && mantissa == 0) {
            value = 0;
        } else if (exponent == 0x7fff) {
            value = (mantissa << 1) == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            // mantissa has an explicit integer bit at bit 63: value = mantissa / 2^63 * 2^(exponent - 16383)
            double m = (mantissa >>> 11) / (double) (1L << 52);
            value = Math.scalb(m, exponent - 16383);
        }
        return negative ? -value : value;
    }
}
