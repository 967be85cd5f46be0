package io.tinydbg.demangle;

import java.util.Map;

/** Builtin type codes and GNU's names for them. */
final class ItaniumBuiltins {
    private static final Map<Character, String> ONE_LETTER = Map.ofEntries(
            Map.entry('a', "signed char"), Map.entry('b', "bool"), Map.entry('c', "char"), Map.entry('d', "double"),
            Map.entry('e', "long double"), Map.entry('f', "float"), Map.entry('g', "__float128"),
            Map.entry('h', "unsigned char"), Map.entry('i', "int"), Map.entry('j', "unsigned int"),
            Map.entry('l', "long"), Map.entry('m', "unsigned long"), Map.entry('n', "__int128"),
            Map.entry('o', "unsigned __int128"), Map.entry('s', "short"), Map.entry('t', "unsigned short"),
            Map.entry('v', "void"), Map.entry('w', "wchar_t"), Map.entry('x', "long long"),
            Map.entry('y', "unsigned long long"), Map.entry('z', "..."));

    private static final Map<Character, String> AFTER_D = Map.ofEntries(
            Map.entry('d', "decimal64"), Map.entry('e', "decimal128"), Map.entry('f', "decimal32"),
            Map.entry('h', "half"), Map.entry('i', "char32_t"), Map.entry('s', "char16_t"),
            Map.entry('u', "char8_t"), Map.entry('a', "auto"), Map.entry('c', "decltype(auto)"),
            Map.entry('n', "decltype(nullptr)"));

    private ItaniumBuiltins() {
    }

    /** GNU's name for a one-letter builtin, or null. */
    static String oneLetter(char c) {
        return ONE_LETTER.get(c);
    }

    /** GNU's name for a {@code D?} builtin, or null. */
    static String afterD(char c) {
        return AFTER_D.get(c);
    }

    /** Whether a literal of this builtin prints as a bare number with a suffix, and which suffix. */
    static String integerSuffix(String code) {
        return switch (code) {
            case "i" -> "";
            case "j" -> "u";
            case "l" -> "l";
            case "m" -> "ul";
            case "x" -> "ll";
            case "y" -> "ull";
            default -> null;
        };
    }

    /** Whether a literal of this builtin prints its value in brackets (GNU's D_PRINT_FLOAT). */
    static boolean isFloat(String code) {
        return code.equals("f") || code.equals("d") || code.equals("e") || code.equals("g");
    }
}
