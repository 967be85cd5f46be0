package io.tinydbg.demangle;

/** Turns a demangled Rust name into the bare path users type: generic argument lists and impl brackets removed. */
final class RustPaths {
    private RustPaths() {
    }

    /**
     * Drops every generic argument list ({@code Foo<T>}, and in v0 also the turbofish {@code ::<T>}), then writes
     * a leading inherent impl {@code <Type>::rest} as {@code Type::rest}. Legacy names never have a turbofish, but
     * have segments such as {@code ::<impl Trait for T>}, which stay.
     */
    static String simplify(String name, boolean v0) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            boolean afterIdent = out.length() > 0 && isIdent(out.charAt(out.length() - 1));
            boolean turbofish = v0 && out.length() >= 2 && out.charAt(out.length() - 1) == ':'
                    && out.charAt(out.length() - 2) == ':';
            if (c == '<' && (afterIdent || turbofish)) {
                int close = matching(name, i);
                if (close < 0) {
                    return name;
                }
                if (turbofish) {
                    out.setLength(out.length() - 2);
                }
                i = close + 1;
                continue;
            }
            out.append(c);
            i++;
        }
        String s = out.toString();
        if (s.startsWith("<")) {
            int close = matching(s, 0);
            if (close > 0 && s.startsWith("::", close + 1) && !s.substring(1, close).contains(" as ")) {
                s = s.substring(1, close) + s.substring(close + 1);
            }
        }
        return s;
    }

    private static int matching(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '<') {
                depth++;
            } else if (c == '>' && !(i > 0 && s.charAt(i - 1) == '-')) {
                if (--depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static boolean isIdent(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
