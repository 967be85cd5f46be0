package io.tinydbg.index;

import io.tinydbg.demangle.ItaniumDemangler;
import io.tinydbg.demangle.RustDemangler;
import java.util.Optional;

/**
 * The name a debugger shows for a function that only a symbol names (DWARF does not describe it).
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
}
