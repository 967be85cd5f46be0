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
    /** GNU keeps its notion of the last character after taking back a ", " (see {@link #truncate}). */
    private char staleLast;

    OutputBuffer append(CharSequence s) {
        tick();
        if (text.length() + s.length() > MAX_LENGTH) {
            throw DemangleFailure.INSTANCE;
        }
        text.append(s);
        if (s.length() > 0) {
            staleLast = 0;
        }
        return this;
    }

    OutputBuffer append(char c) {
        tick();
        if (text.length() + 1 > MAX_LENGTH) {
            throw DemangleFailure.INSTANCE;
        }
        text.append(c);
        staleLast = 0;
        return this;
    }

    /** Counts one unit of work; fails once the budget is spent. */
    void tick() {
        if (++steps > MAX_STEPS) {
            throw DemangleFailure.INSTANCE;
        }
    }

    char last() {
        if (staleLast != 0) {
            return staleLast;
        }
        return text.length() == 0 ? '\0' : text.charAt(text.length() - 1);
    }

    int length() {
        return text.length();
    }

    /**
     * Takes back text (a ", " before an empty pack). Like GNU's printer, {@link #last} keeps answering the last
     * character appended before, so {@code <1ul, std::default_delete<int []>>} gets no space before its final '>'.
     */
    void truncate(int length) {
        char previous = last();
        text.setLength(length);
        staleLast = previous;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
