package io.tinydbg.demangle;

/**
 * Punycode (RFC 3492) decoding of Rust v0 identifiers ({@code u} prefix), with the quirks of GNU's decoder: an
 * unfinished delta ends decoding and yields nothing for the identifier rather than an error.
 */
final class Punycode {
    private static final int BASE = 36;
    private static final int T_MIN = 1;
    private static final int T_MAX = 26;
    private static final int SKEW = 38;
    private static final int MAX_LENGTH = 4096;

    private Punycode() {
    }

    static String decode(String ascii, String code) {
        int[] out = new int[Math.max(4, ascii.length() + code.length())];
        int len = 0;
        for (int i = 0; i < ascii.length(); i++) {
            out[len++] = ascii.charAt(i);
        }
        long bias = 72;
        long damp = 700;
        long i = 0;
        long c = 0x80;
        int p = 0;
        while (p < code.length()) {
            long delta = 0;
            long w = 1;
            long k = 0;
            int d;
            do {
                k += BASE;
                long t = k < bias ? 0 : k - bias;
                t = Math.max(T_MIN, Math.min(T_MAX, t));
                if (p >= code.length()) {
                    return "";
                }
                char ch = code.charAt(p++);
                if (ch >= 'a' && ch <= 'z') {
                    d = ch - 'a';
                } else if (ch >= '0' && ch <= '9') {
                    d = 26 + ch - '0';
                } else {
                    throw DemangleFailure.INSTANCE;
                }
                delta += d * w;
                w *= BASE - t;
                if (delta < 0 || w <= 0 || delta > Integer.MAX_VALUE || w > Integer.MAX_VALUE) {
                    throw DemangleFailure.INSTANCE;
                }
                if (d < t) {
                    break;
                }
            } while (true);
            len++;
            if (len > MAX_LENGTH) {
                throw DemangleFailure.INSTANCE;
            }
            i += delta;
            c += i / len;
            i %= len;
            if (c > Character.MAX_CODE_POINT || (c >= 0xD800 && c <= 0xDFFF)) {
                throw DemangleFailure.INSTANCE;
            }
            if (len > out.length) {
                out = java.util.Arrays.copyOf(out, out.length * 2);
            }
            System.arraycopy(out, (int) i, out, (int) i + 1, len - (int) i - 1);
            out[(int) i] = (int) c;
            if (p == code.length()) {
                break;
            }
            i++;
            delta /= damp;
            damp = 2;
            delta += delta / len;
            k = 0;
            while (delta > ((BASE - T_MIN) * T_MAX) / 2) {
                delta /= BASE - T_MIN;
                k += BASE;
            }
            bias = k + ((BASE - T_MIN + 1) * delta) / (delta + SKEW);
        }
        return new String(out, 0, len);
    }
}
