package io.tinydbg.dwarf;

import java.util.Map;

/**
 * gcc names C base types the long way ("long unsigned int"); gdb prints them canonically ("unsigned long"), and
 * so do we.
 */
final class BaseTypeNames {
    private static final Map<String, String> CANONICAL = Map.ofEntries(
            Map.entry("long int", "long"),
            Map.entry("long unsigned int", "unsigned long"),
            Map.entry("short int", "short"),
            Map.entry("short unsigned int", "unsigned short"),
            Map.entry("long long int", "long long"),
            Map.entry("long long unsigned int", "unsigned long long"),
            Map.entry("__int128 unsigned", "unsigned __int128"));

    private BaseTypeNames() {
    }

    static String canonical(String name) {
        return CANONICAL.getOrDefault(name, name);
    }
}
