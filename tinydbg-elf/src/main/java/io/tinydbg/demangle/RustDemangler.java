package io.tinydbg.demangle;

import java.util.Optional;

/**
 * Demangles Rust symbols: legacy ({@code _ZN...17h<hash>E}) and v0 ({@code _R...}), printing what GNU c++filt
 * prints (hash and crate disambiguators included). {@link #simplePath} gives the plain path a user types, the same
 * for both manglings. Never throws.
 */
public final class RustDemangler {
    private RustDemangler() {
    }

    /** The demangled symbol as c++filt prints it, e.g. {@code rsample::Counter::bump::h0123456789abcdef}. */
    public static Optional<String> demangle(String symbol) {
        return Optional.ofNullable(print(symbol, true));
    }

    /**
     * The demangled symbol without the legacy hash and without crate disambiguators, generic arguments kept,
     * e.g. {@code <rsample::Counter>::bump} or {@code rsample::largest::<i32>} for v0.
     */
    public static Optional<String> demangleConcise(String symbol) {
        return Optional.ofNullable(print(symbol, false));
    }

    /**
     * The path alone: no hash, no crate disambiguators, no generic arguments, and an inherent impl's
     * {@code <Type>::} written as {@code Type::}; e.g. {@code rsample::Counter::bump} for both manglings.
     */
    public static Optional<String> simplePath(String symbol) {
        String concise = print(symbol, false);
        if (concise == null) {
            return Optional.empty();
        }
        return Optional.of(RustPaths.simplify(concise, symbol.startsWith("_R")));
    }

    private static String print(String symbol, boolean verbose) {
        if (symbol == null) {
            return null;
        }
        try {
            if (symbol.startsWith("_R")) {
                return RustV0Printer.demangle(symbol, verbose);
            }
            return RustLegacy.demangle(symbol, verbose);
        } catch (DemangleFailure | StackOverflowError e) {
            return null;
        }
    }
}
