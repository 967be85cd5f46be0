package io.tinydbg.output;

import io.tinydbg.value.Value;

/**
 * Formats values of C, C++ and Rust programs the way gdb writes them: {@code "text"} for strings,
 * {@code {x = 3, y = -4}} for structs, {@code 0x...} for pointers, enumerator names for enums, {@code 97 'a'} for
 * characters.
 */
public final class CStyle {
    private CStyle() {
    }

    /** A value as the trace command writes it: Delve's style for Go programs, gdb's for the C family. */
    public static String forLanguage(Value v, boolean go) {
        return go ? io.tinydbg.value.ValueFormatter.format(v) : format(v);
    }

    public static String format(Value v) {
        StringBuilder sb = new StringBuilder();
        append(sb, v);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Value v) {
        if (v instanceof Value.Integer i) {
            sb.append(i.signed() ? Long.toString(i.bits()) : Long.toUnsignedString(i.bits()));
        } else if (v instanceof Value.Char c) {
            sb.append(c.codePoint()).append(" '");
            int cp = c.codePoint();
            if (cp >= 0x20 && cp < 0x7f) {
                sb.append((char) cp);
            } else {
                sb.append(String.format("\\%03o", cp & 0xff));
            }
            sb.append('\'');
        } else if (v instanceof Value.Bool b) {
            sb.append(b.value());
        } else if (v instanceof Value.Float f) {
            double d = f.value();
            sb.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d)
                    : f.size() == 4 ? Float.toString((float) d) : Double.toString(d));
        } else if (v instanceof Value.Enum e) {
            sb.append(e.enumerator() != null ? e.enumerator() : Long.toString(e.bits()));
        } else if (v instanceof Value.Constant c) {
            append(sb, c.value());
        } else if (v instanceof Value.Str s) {
            sb.append('"').append(s.text().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                    .append('"');
            if (s.truncated()) {
                sb.append("...");
            }
        } else if (v instanceof Value.Pointer p) {
            sb.append("0x").append(Long.toHexString(p.address()));
            if (p.target() != null) {
                sb.append(" -> ");
                append(sb, p.target());
            }
        } else if (v instanceof Value.Struct s) {
            sb.append('{');
            for (int i = 0; i < s.fields().size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(s.fields().get(i).name()).append(" = ");
                append(sb, s.fields().get(i).value());
            }
            if (s.fields().size() < s.totalFields()) {
                sb.append(s.fields().isEmpty() ? "..." : ", ...");
            }
            sb.append('}');
        } else if (v instanceof Value.Array a) {
            sb.append('{');
            for (int i = 0; i < a.elements().size(); i++) {
                sb.append(i == 0 ? "" : ", ");
                append(sb, a.elements().get(i));
            }
            if (a.elements().size() < a.length()) {
                sb.append(a.elements().isEmpty() ? "..." : "...");
            }
            sb.append('}');
        } else if (v instanceof Value.Unreadable u) {
            sb.append('<').append(u.reason()).append('>');
        }
    }
}
