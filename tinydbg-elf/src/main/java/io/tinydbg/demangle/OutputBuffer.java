package io.tinydbg.demangle;

/**
 * Text being demangled, bounded in length so that hostile input with exponential back-references cannot exhaust
 * memory. Every append also counts against a step budget, so printing nothing in a loop cannot hang either.
 */
final class OutputBuffer {
    /** Far beyond any real symbol (the longest in libstdc++ or Rust's std demangle to a few thousand chars). */
    static final int MAX_LENGTH = 1 << 18;
    private static final int MAX_STEPS = 1 << 21;

    private final StringBuilder text = new StringBuilder();
    private int steps;

    OutputBuffer append(CharSequence s) {
        tick();
        if (text.length() + s.length() > MAX_LENGTH) {
            throw DemangleFailure.INSTANCE;
        }
        text.append(s);
        return this;
    }

    OutputBuffer append(char c) {
        tick();
        if (text.length() + 1 > MAX_LENGTH) {
            throw DemangleFailure.INSTANCE;
        }
        text.append(c);
        return this;
    }

    /** Counts one unit of work; fails once the budget is spent. */
    void tick() {
        if (++steps > MAX_STEPS) {
            throw DemangleFailure.INSTANCE;
        }
    }

    char last() {
        return text.length() == 0 ? '\0' : text.charAt(text.length() - 1);
    }

    int length() {
        return text.length();
    }

    void truncate(int length) {
        text.setLength(length);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
