package io.tinydbg.demangle;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Entry point for demangling symbol names: C++ (Itanium ABI, {@code _Z...}) and Rust (legacy {@code _ZN...E}
 * with a hash, and v0 {@code _R...}). The output is exactly what GNU c++filt prints for the same symbol, so users
 * can match what they see in {@code nm -C}, gdb or perf. A version suffix from the dynamic symbol table
 * ({@code name@VERSION}, {@code name@@VERSION}) is kept after the demangled name, as {@code nm -C} shows it.
 */
public final class Demangler {
    private Demangler() {
    }

    /**
     * The demangled form of {@code symbol}, or empty when it is not a mangled name this class understands.
     * Never throws, whatever the input.
     */
    public static Optional<String> demangle(String symbol) {
        if (symbol == null) {
            return Optional.empty();
        }
        int at = symbol.indexOf('@');
        if (at > 0) {
            return demangleBare(symbol.substring(0, at)).map(d -> d + symbol.substring(at));
        }
        return demangleBare(symbol);
    }

    private static Optional<String> demangleBare(String symbol) {
        // GNU tries Rust first: a legacy Rust symbol is also a valid C++ mangled name.
        Optional<String> rust = RustDemangler.demangle(symbol);
        if (rust.isPresent()) {
            return rust;
        }
        return ItaniumDemangler.demangle(symbol);
    }

    /**
     * Every spelling of {@code symbol} a user might match against, most specific first and without duplicates:
     * the symbol itself, its full demangled form, and the bare path (Rust without hash and generic arguments;
     * C++ without return type, parameter list and qualifiers, e.g. {@code shapes::Rect::area}).
     */
    public static List<String> matchNames(String symbol) {
        List<String> names = new ArrayList<>();
        if (symbol == null) {
            return names;
        }
        add(names, symbol);
        int at = symbol.indexOf('@');
        String bare = at > 0 ? symbol.substring(0, at) : symbol;
        Optional<String> full = demangle(symbol);
        full.ifPresent(f -> add(names, f));
        if (full.isPresent()) {
            if (RustDemangler.demangle(bare).isPresent()) {
                RustDemangler.simplePath(bare).ifPresent(s -> add(names, s));
            } else {
                ItaniumDemangler.nameWithoutParameters(bare).ifPresent(s -> add(names, s));
            }
        }
        return names;
    }

    private static void add(List<String> names, String name) {
        if (!names.contains(name)) {
            names.add(name);
        }
    }
}
