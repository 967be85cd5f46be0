package io.tinydbg.index;

import io.tinydbg.demangle.Demangler;
import io.tinydbg.demangle.RustDemangler;
import java.util.ArrayList;
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
        return Demangler.demangle(symbol).map(SymbolNames::withoutParameters).orElse(symbol);
    }

    /** The symbol, its full demangling and its display name, without repeats. */
    static List<String> searchable(String symbol) {
        List<String> out = new ArrayList<>(3);
        out.add(symbol);
        Optional<String> full = Demangler.demangle(symbol);
        if (full.isPresent()) {
            out.add(full.get());
            String display = display(symbol);
            if (!display.equals(full.get())) {
                out.add(display);
            }
        }
        return out;
    }

    /**
     * Cuts a demangled C++ name before the parameter list that closes it ({@code ns::f(int) const} to
     * {@code ns::f}), keeping parentheses inside template arguments and operator names. A leading return type of a
     * template function ({@code int max<int>(int, int)}) is dropped too.
     */
    static String withoutParameters(String demangled) {
        String s = demangled;
        int clone = s.indexOf(" [clone ");
        if (clone > 0) {
            s = s.substring(0, clone);
        }
        int open = matchingOpen(s);
        if (open <= 0) {
            return s.trim();
        }
        String head = s.substring(0, open);
        // A space outside brackets separates a template function's return type from its name.
        int nesting = 0;
        for (int i = head.length() - 1; i >= 0; i--) {
            char c = head.charAt(i);
            if (c == '>' || c == ')') {
                nesting++;
            } else if (c == '<' || c == '(') {
                nesting--;
            } else if (c == ' ' && nesting == 0 && !head.substring(0, i).endsWith("operator")
                    && !head.startsWith("operator", i + 1)) {
                return head.substring(i + 1);
            }
        }
        return head;
    }

    /** The index of the '(' matching the last ')' in {@code s}, or -1. */
    private static int matchingOpen(String s) {
        int close = s.lastIndexOf(')');
        if (close < 0) {
            return -1;
        }
        int depth = 0;
        for (int i = close; i >= 0; i--) {
            char c = s.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
