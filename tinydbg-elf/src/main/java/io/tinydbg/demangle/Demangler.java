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
            return demangleBare(symbol.substring(0, at), true).map(d -> d + symbol.substring(at));
        }
        return demangleBare(symbol, true);
    }

    /**
     * The demangled form as nm -C, gdb and perf print it (GNU's non-verbose style): {@code std::string} instead of
     * its full template, Rust without the legacy hash and crate disambiguators. Never throws.
     */
    public static Optional<String> demangleConcise(String symbol) {
        if (symbol == null) {
            return Optional.empty();
        }
        int at = symbol.indexOf('@');
        if (at > 0) {
            return demangleBare(symbol.substring(0, at), false).map(d -> d + symbol.substring(at));
        }
        return demangleBare(symbol, false);
    }

    private static Optional<String> demangleBare(String symbol, boolean verbose) {
        // GNU tries Rust first: a legacy Rust symbol is also a valid C++ mangled name.
        Optional<String> rust = verbose ? RustDemangler.demangle(symbol) : RustDemangler.demangleConcise(symbol);
        if (rust.isPresent()) {
            return rust;
        }
        return verbose ? ItaniumDemangler.demangle(symbol) : ItaniumDemangler.demangleConcise(symbol);
    }

    /**
     * Every spelling of {@code symbol} a user might match against, without duplicates: the symbol itself, its
     * demangled form as c++filt prints it, as nm -C / gdb print it, and the bare path (Rust without hash and generic arguments;
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
        demangleConcise(symbol).ifPresent(c -> add(names, c));
        if (full.isPresent()) {
            if (RustDemangler.demangle(bare).isPresent()) {
                RustDemangler.simplePath(bare).ifPresent(s -> add(names, s));
            } else {
                ItaniumDemangler.nameWithoutParameters(bare).ifPresent(s -> add(names, s));
                ItaniumDemangler.conciseNameWithoutParameters(bare).ifPresent(s -> add(names, s));
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
