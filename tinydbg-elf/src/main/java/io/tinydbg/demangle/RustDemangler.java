package io.tinydbg.demangle;

import java.util.Optional;

/** Rust symbol demangling (placeholder, filled in next). */
public final class RustDemangler {
    private RustDemangler() {
    }

    public static Optional<String> demangle(String symbol) {
        return Optional.empty();
    }

    public static Optional<String> simplePath(String symbol) {
        return Optional.empty();
    }
}
