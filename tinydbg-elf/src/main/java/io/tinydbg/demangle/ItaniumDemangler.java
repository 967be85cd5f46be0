package io.tinydbg.demangle;

import java.util.Optional;

/**
 * Demangles C++ symbols of the Itanium ABI ({@code _Z...}, as emitted by g++ and clang) into exactly the text
 * GNU c++filt prints, including clone suffixes such as {@code [clone .cold]}. Never throws: input that is not a
 * valid mangled name, or that would need excessive depth or output, gives an empty result.
 */
public final class ItaniumDemangler {
    private ItaniumDemangler() {
    }

    /** The demangled form of {@code symbol}, e.g. {@code shapes::Rect::area() const}, or empty. */
    public static Optional<String> demangle(String symbol) {
        return print(symbol, true, false);
    }

    /**
     * The demangled form as nm -C, gdb and perf print it: like {@link #demangle} but with the standard
     * abbreviations {@code std::string}, {@code std::istream}, {@code std::ostream}, {@code std::iostream}.
     */
    public static Optional<String> demangleConcise(String symbol) {
        return print(symbol, false, false);
    }

    /**
     * The qualified name alone, without return type, parameter list, {@code this} qualifiers or clone suffix,
     * e.g. {@code shapes::Rect::area}; for data symbols the same as {@link #demangle}.
     */
    public static Optional<String> nameWithoutParameters(String symbol) {
        return print(symbol, true, true);
    }

    /** {@link #nameWithoutParameters} in the concise style ({@code std::string::swap}). */
    public static Optional<String> conciseNameWithoutParameters(String symbol) {
        return print(symbol, false, true);
    }

    private static Optional<String> print(String symbol, boolean verbose, boolean nameOnly) {
        if (symbol == null || !symbol.startsWith("_Z")) {
            return Optional.empty();
        }
        try {
            ItaniumNode root = new ItaniumParser(symbol, verbose).mangledName();
            ItaniumPrinter printer = new ItaniumPrinter();
            if (nameOnly) {
                while (root instanceof ItaniumNodes.Clone clone) {
                    root = clone.encoding;
                }
                if (root instanceof ItaniumNodes.Encoding encoding) {
                    encoding.printNameOnly(printer);
                    return Optional.of(printer.out.toString());
                }
            }
            root.print(printer);
            return Optional.of(printer.out.toString());
        } catch (DemangleFailure | StackOverflowError e) {
            return Optional.empty();
        }
    }
}
