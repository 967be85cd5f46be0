package io.tinydbg.demangle;

/**
 * Rust's legacy mangling: an Itanium-style {@code _ZN <len ident>* 17h<16 hex> E} where identifiers escape
 * punctuation as {@code $LT$}, {@code $u20$}, {@code ..}. Accepted exactly when GNU's rust-demangle accepts it
 * (only {@code [_0-9a-zA-Z.:$]}, a final hash segment with at least 5 distinct hex digits).
 */
final class RustLegacy {
    private RustLegacy() {
    }

    /** The demangled path, with {@code ::h<hash>} when {@code withHash}; null when not a legacy Rust symbol. */
    static String demangle(String symbol, boolean withHash) {
        if (!symbol.startsWith("_ZN")) {
            return null;
        }
        String body = symbol.substring(3);
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (!(c == '_' || isAlnum(c) || c == '$' || c == '.' || c == ':' || c == '@')) {
                return null;
            }
        }
        // Like GNU, ignore a suffix such as ".llvm.1234" after the final 'E': drop characters from the end
        // until an 'E' that was followed by '.' (or ends the symbol).
        int length = body.length();
        boolean dotFollows = true;
        while (length > 0 && !(dotFollows && body.charAt(length - 1) == 'E')) {
            dotFollows = body.charAt(length - 1) == '.';
            length--;
        }
        if (length == 0) {
            return null;
        }
        body = body.substring(0, length);
        int end = body.length() - 1;
        if (!(end > 19 && body.startsWith("17h", end - 19))) {
            return null;
        }
        int pos = 0;
        int lastStart = -1;
        int lastLength = -1;
        while (pos < end) {
            int[] ident = parseIdent(body, pos, end);
            if (ident == null || ident[1] == 0) {
                return null;
            }
            lastStart = ident[0];
            lastLength = ident[1];
            pos = ident[0] + ident[1];
        }
        if (!isHash(body, lastStart, lastLength)) {
            return null;
        }
        int printEnd = withHash ? end : end - 19;
        StringBuilder out = new StringBuilder();
        pos = 0;
        do {
            if (pos > 0) {
                out.append("::");
            }
            int[] ident = parseIdent(body, pos, end);
            printIdent(out, body, ident[0], ident[1]);
            pos = ident[0] + ident[1];
        } while (pos < printEnd);
        return out.toString();
    }

    /** {start, length} of the identifier at {@code pos}, or null when the length prefix is bad. */
    private static int[] parseIdent(String s, int pos, int end) {
        if (pos >= end || !isDigit(s.charAt(pos))) {
            return null;
        }
        long length = s.charAt(pos) - '0';
        pos++;
        if (length != 0) {
            while (pos < end && isDigit(s.charAt(pos))) {
                length = length * 10 + (s.charAt(pos++) - '0');
                if (length > end) {
                    return null;
                }
            }
        }
        if (pos + length > end) {
            return null;
        }
        return new int[] {pos, (int) length};
    }

    private static boolean isHash(String s, int start, int length) {
        if (length != 17 || s.charAt(start) != 'h') {
            return false;
        }
        int seen = 0;
        for (int i = 1; i < 17; i++) {
            int nibble = Character.digit(s.charAt(start + i), 16);
            char c = s.charAt(start + i);
            if (nibble < 0 || (c >= 'A' && c <= 'F')) {
                return false;
            }
            seen |= 1 << nibble;
        }
        return Integer.bitCount(seen) >= 5;
    }

    private static void printIdent(StringBuilder out, String s, int start, int length) {
        int end = start + length;
        if (length >= 2 && s.charAt(start) == '_' && s.charAt(start + 1) == '$') {
            start++;
        }
        while (start < end) {
            char c = s.charAt(start);
            if (c == '$') {
                int[] escape = decodeEscape(s, start, end);
                if (escape == null) {
                    out.append(s, start, end);
                    return;
                }
                out.append((char) escape[0]);
                start += escape[1];
            } else if (c == '.') {
                if (start + 1 < end && s.charAt(start + 1) == '.') {
                    out.append("::");
                    start += 2;
                } else {
                    out.append('.');
                    start++;
                }
            } else {
                int run = start;
                while (run < end && s.charAt(run) != '$' && s.charAt(run) != '.') {
                    run++;
                }
                out.append(s, start, run);
                start = run;
            }
        }
    }

    /** {character, escape length} for a {@code $..$} escape at {@code pos}, or null. */
    private static int[] decodeEscape(String s, int pos, int end) {
        int len = end - pos;
        if (len < 3) {
            return null;
        }
        int e = pos + 1;
        len--;
        char c = 0;
        int escapeLength = 0;
        if (s.charAt(e) == 'C') {
            escapeLength = 1;
            c = ',';
        } else if (len > 2) {
            escapeLength = 2;
            String two = s.substring(e, e + 2);
            switch (two) {
                case "SP" -> c = '@';
                case "BP" -> c = '*';
                case "RF" -> c = '&';
                case "LT" -> c = '<';
                case "GT" -> c = '>';
                case "LP" -> c = '(';
                case "RP" -> c = ')';
                default -> {
                    if (s.charAt(e) == 'u' && len > 3) {
                        escapeLength = 3;
                        int hi = lowerHex(s.charAt(e + 1));
                        int lo = lowerHex(s.charAt(e + 2));
                        if (hi < 0 || lo < 0 || hi > 7) {
                            return null;
                        }
                        c = (char) ((hi << 4) | lo);
                        if (c < 0x20) {
                            return null;
                        }
                    }
                }
            }
        }
        if (c == 0 || len <= escapeLength || s.charAt(e + escapeLength) != '$') {
            return null;
        }
        return new int[] {c, 2 + escapeLength};
    }

    private static int lowerHex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAlnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
