package io.tinydbg.index;

import io.tinydbg.demangle.Demangler;
import io.tinydbg.demangle.ItaniumDemangler;
import io.tinydbg.demangle.RustDemangler;
import java.util.List;
import java.util.Optional;

/**
 * Names derived from a symbol: the name a debugger shows for a function that DWARF does not describe, and every
 * spelling a user's pattern may be written against.
 */
final class SymbolNames {
    private SymbolNames() {
    }

    /**
     * The display name of a symbol: Rust's path without the hash, C++'s demangled name without its parameter list
     * (so it reads like DWARF's qualified name, {@code shapes::Rect::area}), else the symbol itself.
     */
    static String display(String symbol) {
        Optional<String> rust = RustDemangler.simplePath(symbol);
        if (rust.isPresent()) {
            return rust.get();
        }
        return ItaniumDemangler.nameWithoutParameters(symbol).orElse(symbol);
    }

    /** The symbol, its demanglings (full and concise) and its bare path, without repeats. */
    static List<String> searchable(String symbol) {
        return Demangler.matchNames(symbol);
    }
}
