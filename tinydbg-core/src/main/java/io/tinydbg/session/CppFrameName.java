package io.tinydbg.session;

import io.tinydbg.demangle.ItaniumDemangler;
import java.util.Optional;

/**
 * The name gdb's {@code bt} gives a C++ function that DWARF describes, when it can be told from the linkage name.
 * gdb names such a function by demangling its DW_AT_linkage_name and printing it without return type and
 * parameters, so template arguments read as the demangler writes them ({@code pick<2ul>},
 * {@code _M_invoke<0ul, 1ul>}) where DWARF's DW_AT_name says {@code pick<2>}. Two exceptions keep DWARF's name:
 * a function without a linkage name (gcc writes none when a template argument is a lambda), and a member of a
 * class local to a function (a lambda's {@code operator()}, mangled {@code _ZZ...}), which gdb names without
 * any scope.
 */
final class CppFrameName {
    private CppFrameName() {
    }

    /** gdb's name for the function with linkage name {@code linkage}, or empty when DWARF's name is gdb's. */
    static Optional<String> of(String linkage) {
        if (linkage.isEmpty() || linkage.startsWith("_ZZ")) {
            return Optional.empty();
        }
        return ItaniumDemangler.conciseNameWithoutParameters(linkage);
    }
}
