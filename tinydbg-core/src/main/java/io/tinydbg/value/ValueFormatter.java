package io.tinydbg.value;

/**
 * Formats a {@link Value} on one line in the style of Delve's trace output: numbers plain, strings quoted (a cut
 * string ends with {@code ...+N more}), structs as {@code T {a: 1, b: 2}}, slices with their length and capacity,
 * pointers as {@code (*T)(0x...)} or, when followed, {@code *T {...}}.
 */
public final class ValueFormatter {
    private ValueFormatter() {
    }

    public static String format(Value v) {
        StringBuilder sb = new StringBuilder();
        append(sb, v, true);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Value v, boolean top) {
        if (v instanceof Value.Integer i) {
            sb.append(i.signed() || i.bits() >= 0 ? Long.toString(i.bits()) : Long.toUnsignedString(i.bits()));
        } else if (v instanceof Value.Float f) {
            sb.append(f.size() == 4 ? Float.toString((float) f.value()) : Double.toString(f.value()));
        } else if (v instanceof Value.Bool b) {
            sb.append(b.value());
        } else if (v instanceof Value.Char c) {
            sb.append(c.codePoint()).append(" '");
            appendChar(sb, c.codePoint());
            sb.append('\'');
        } else if (v instanceof Value.Str s) {
            quote(sb, s.text());
            if (s.length() < 0) {
                sb.append("...");
            } else if (s.length() > s.text().length()) {
                sb.append("...+").append(s.length() - s.text().length()).append(" more");
            }
        } else if (v instanceof Value.Pointer p) {
            if (p.address() == 0) {
                sb.append(p.typeName()).append(" nil");
            } else if (p.target() != null) {
                sb.append('*');
                append(sb, p.target(), false);
            } else {
                sb.append('(').append(p.typeName()).append(")(0x").append(Long.toHexString(p.address())).append(')');
            }
        } else if (v instanceof Value.Struct s) {
            sb.append(s.typeName()).append(" {");
            for (int i = 0; i < s.fields().size(); i++) {
                Value.Field f = s.fields().get(i);
                sb.append(i == 0 ? "" : ", ").append(f.name()).append(": ");
                append(sb, f.value(), false);
            }
            if (s.fields().size() < s.totalFields()) {
                sb.append(s.fields().isEmpty() ? "..." : ", ...");
            }
            sb.append('}');
        } else if (v instanceof Value.Array a) {
            sb.append(a.typeName());
            if (a.typeName().startsWith("[]")) {
                sb.append(" len: ").append(a.length()).append(", cap: ").append(a.capacity()).append(',');
            }
            sb.append(" [");
            for (int i = 0; i < a.elements().size(); i++) {
                sb.append(i == 0 ? "" : ",");
                append(sb, a.elements().get(i), false);
            }
            if (a.elements().size() < a.length()) {
                sb.append(a.elements().isEmpty() ? "..." : ",...+").append(a.elements().isEmpty() ? ""
                        : (a.length() - a.elements().size()) + " more");
            }
            sb.append(']');
        } else if (v instanceof Value.Enum e) {
            sb.append(e.enumerator() != null ? e.enumerator() : e.typeName() + "(" + e.bits() + ")");
        } else if (v instanceof Value.Unreadable u) {
            sb.append("(unreadable ").append(u.reason()).append(')');
        }
    }

    private static void quote(StringBuilder sb, String text) {
        sb.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static void appendChar(StringBuilder sb, int cp) {
        if (cp >= 0x20 && cp < 0x7f && cp != '\'' && cp != '\\') {
            sb.append((char) cp);
        } else if (cp == '\n') {
            sb.append("\\n");
        } else if (cp == 0) {
            sb.append("\\000");
        } else if (cp > 0x7f && Character.isValidCodePoint(cp) && cp > 0xff) {
            sb.appendCodePoint(cp);
        } else {
            sb.append(String.format("\\%03o", cp & 0xff));
        }
    }
}
