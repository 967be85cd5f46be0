package io.tinydbg.demangle;

/** Reading position over a mangled name, with the recursion bound shared by the Itanium parsers. */
class ItaniumCursor {
    private static final int MAX_DEPTH = 300;

    final String text;
    int pos;
    private int depth;

    ItaniumCursor(String text) {
        this.text = text;
    }

    final boolean atEnd() {
        return pos >= text.length();
    }

    /** The character at the position, or NUL past the end. */
    final char peek() {
        return peek(0);
    }

    final char peek(int offset) {
        int i = pos + offset;
        return i < text.length() ? text.charAt(i) : '\0';
    }

    final char next() {
        if (atEnd()) {
            throw fail();
        }
        return text.charAt(pos++);
    }

    final boolean consume(char c) {
        if (peek() == c && !atEnd()) {
            pos++;
            return true;
        }
        return false;
    }

    final void expect(char c) {
        if (!consume(c)) {
            throw fail();
        }
    }

    /** GNU's d_number: optional {@code n} for negative, then decimal digits (none reads 0); -1 on overflow. */
    final long number() {
        boolean negative = consume('n');
        long value = 0;
        while (isDigit(peek())) {
            value = value * 10 + (next() - '0');
            if (value > Integer.MAX_VALUE) {
                return -1;
            }
        }
        return negative ? -value : value;
    }

    final void enter() {
        if (++depth > MAX_DEPTH) {
            throw fail();
        }
    }

    final void leave() {
        depth--;
    }

    static DemangleFailure fail() {
        return DemangleFailure.INSTANCE;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }
}
