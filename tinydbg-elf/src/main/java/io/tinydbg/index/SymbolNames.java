package io.tinydbg.index;

import io.tinydbg.demangle.ItaniumDemangler;
import io.tinydbg.demangle.RustDemangler;
import java.util.Optional;

/**
 * The name a debugger shows for a function that only a symbol names (DWARF does not describe it).
 */
final class SymbolNames {
    private static final String GO_ABI0 = ".abi0";

    private SymbolNames() {
    }

    /**
     * The display name of a symbol: Rust's path without the hash, C++'s demangled name without its parameter list
     * (so it reads like DWARF's qualified name, {@code shapes::Rect::area}), Go's name without the {@code .abi0}
     * suffix its linker gives to functions using the stack-based ABI0 (assembly, cgo stubs; DWARF and Delve call
     * them {@code pkg.Name}), else the symbol itself.
     */
    static String display(String symbol) {
        if (symbol.endsWith(GO_ABI0) && symbol.length() > GO_ABI0.length()) {
            return symbol.substring(0, symbol.length() - GO_ABI0.length());
        }
        Optional<String> rust = RustDemangler.simplePath(symbol);
        if (rust.isPresent()) {
            return rust.get();
        }
        return ItaniumDemangler.nameWithoutParameters(symbol).orElse(symbol);
    }
}
