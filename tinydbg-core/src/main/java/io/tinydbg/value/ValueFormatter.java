package io.tinydbg.value;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Formats a {@link Value} on one line as Delve's trace prints it ({@code api.Variable.SinglelineString}): numbers
 * as Go writes them, strings quoted with what was not loaded counted inside the quotes ({@code "abc...+10 more"}),
 * {@code T {a: 1, b: 2,...+3 more}} for structs, {@code []T len: 4, cap: 4, [1,2,...+2 more]} for slices,
 * {@code (*T)(0x...)} for a pointer not followed, {@code interface {}(int) 5} for interfaces, {@code chan int 1/4}.
 *
 * <p>Whether a value's type is written depends on where it is, as in Delve: a top-level value and a struct field
 * carry their type, elements of arrays, slices and maps do not, and an interface's content carries its type only
 * when the interface does not.
 */
public final class ValueFormatter {
    private ValueFormatter() {
    }

    public static String format(Value v) {
        StringBuilder sb = new StringBuilder();
        append(sb, v, true);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Value v, boolean withType) {
        if (v instanceof Value.Integer i) {
            sb.append(i.signed() || i.bits() >= 0 ? Long.toString(i.bits()) : Long.toUnsignedString(i.bits()));
        } else if (v instanceof Value.Float f) {
            sb.append(GoNumbers.formatFloat(f.value(), f.size() == 4 ? 32 : 64));
        } else if (v instanceof Value.Complex c) {
            int bits = c.size() == 8 ? 32 : 64;
            sb.append('(').append(GoNumbers.formatFloat(c.real(), bits)).append(" + ")
                    .append(GoNumbers.formatFloat(c.imaginary(), bits)).append("i)");
        } else if (v instanceof Value.Bool b) {
            sb.append(b.value());
        } else if (v instanceof Value.Char c) {
            sb.append(c.codePoint()).append(" '");
            appendChar(sb, c.codePoint());
            sb.append('\'');
        } else if (v instanceof Value.Str s) {
            string(sb, s);
        } else if (v instanceof Value.Pointer p) {
            pointer(sb, p, withType);
        } else if (v instanceof Value.Struct s) {
            struct(sb, s, withType);
        } else if (v instanceof Value.Array a) {
            array(sb, a, withType);
        } else if (v instanceof Value.Map m) {
            map(sb, m, withType);
        } else if (v instanceof Value.Interface i) {
            iface(sb, i, withType);
        } else if (v instanceof Value.Chan c) {
            sb.append(c.typeName()).append(' ');
            if (c.address() == 0) {
                sb.append("nil");
            } else {
                sb.append(c.count()).append('/').append(c.capacity());
            }
        } else if (v instanceof Value.Func f) {
            sb.append(f.function() == null ? "nil" : f.function());
        } else if (v instanceof Value.Constant c) {
            sb.append(c.names()).append(" (");
            append(sb, c.value(), false);
            sb.append(')');
        } else if (v instanceof Value.Enum e) {
            sb.append(e.enumerator() != null ? e.enumerator() : e.typeName() + "(" + e.bits() + ")");
        } else if (v instanceof Value.Unreadable u) {
            sb.append("(unreadable ").append(u.reason()).append(')');
        }
    }

    /** Delve counts what was not loaded inside the quotes; a C string whose end was not found ends in "...". */
    private static void string(StringBuilder sb, Value.Str s) {
        byte[] bytes = s.bytes();
        if (s.length() > bytes.length) {
            byte[] more = ("...+" + (s.length() - bytes.length) + " more").getBytes(StandardCharsets.US_ASCII);
            byte[] all = Arrays.copyOf(bytes, bytes.length + more.length);
            System.arraycopy(more, 0, all, bytes.length, more.length);
            bytes = all;
        }
        GoQuote.quote(sb, bytes);
        if (s.length() < 0) {
            sb.append("...");
        }
    }

    private static void pointer(StringBuilder sb, Value.Pointer p, boolean withType) {
        if (p.typeName().equals("unsafe.Pointer")) {
            sb.append("unsafe.Pointer(0x").append(Long.toHexString(p.address())).append(')');
        } else if (p.address() == 0) {
            sb.append('*');
            if (withType) {
                String t = p.typeName();
                sb.append(t.startsWith("*") ? t.substring(1) : t).append(' ');
            }
            sb.append("nil");
        } else if (p.target() == null) {
            sb.append('(').append(typeText(p.typeName())).append(")(").append(hex(p.address())).append(')');
        } else {
            sb.append('*');
            append(sb, p.target(), withType);
        }
    }

    /** A struct whose fields were not loaded (nested too deep, or a limit of 0 fields) shows where it is. */
    private static void struct(StringBuilder sb, Value.Struct s, boolean withType) {
        if (s.fields().isEmpty() && s.totalFields() > 0) {
            sb.append("(*").append(typeText(s.typeName())).append(")(").append(hex(s.address())).append(')');
            return;
        }
        if (withType) {
            sb.append(s.typeName()).append(' ');
        }
        sb.append('{');
        for (int i = 0; i < s.fields().size(); i++) {
            Value.Field f = s.fields().get(i);
            sb.append(i == 0 ? "" : ", ").append(f.name()).append(": ");
            append(sb, f.value(), true);
        }
        if (s.fields().size() < s.totalFields()) {
            sb.append(",...+").append(s.totalFields() - s.fields().size()).append(" more");
        }
        sb.append('}');
    }

    private static void array(StringBuilder sb, Value.Array a, boolean withType) {
        if (withType) {
            sb.append(a.typeName()).append(' ');
            if (a.slice()) {
                sb.append("len: ").append(a.length()).append(", cap: ").append(a.capacity()).append(", ");
            }
        }
        if (a.slice() && a.address() == 0 && a.elements().isEmpty()) {
            sb.append("nil");
            return;
        }
        sb.append('[');
        List<Value> elements = a.elements();
        for (int i = 0; i < elements.size(); i++) {
            sb.append(i == 0 ? "" : ",");
            append(sb, elements.get(i), false);
        }
        notLoaded(sb, elements.size(), a.length());
        sb.append(']');
    }

    private static void map(StringBuilder sb, Value.Map m, boolean withType) {
        if (withType) {
            sb.append(m.typeName()).append(' ');
        }
        if (m.address() == 0 && m.entries().isEmpty()) {
            sb.append("nil");
            return;
        }
        sb.append('[');
        for (int i = 0; i < m.entries().size(); i++) {
            Value.Entry e = m.entries().get(i);
            sb.append(i == 0 ? "" : ", ");
            append(sb, e.key(), false);
            sb.append(": ");
            append(sb, e.value(), false);
        }
        notLoaded(sb, m.entries().size(), m.length());
        sb.append(']');
    }

    /** After the loaded elements: ",...+N more", or "..." when none was loaded. */
    private static void notLoaded(StringBuilder sb, int loaded, long length) {
        if (loaded != length) {
            if (loaded > 0) {
                sb.append(",...+").append(length - loaded).append(" more");
            } else {
                sb.append("...");
            }
        }
    }

    private static void iface(StringBuilder sb, Value.Interface i, boolean withType) {
        if (i.dynamicType() == null) {
            sb.append(withType ? i.typeName() + " nil" : "nil");
            return;
        }
        if (withType) {
            sb.append(i.typeName()).append('(').append(i.dynamicType()).append(") ");
        }
        Value data = i.data();
        if (data == null) {
            // past the recursion limit: a pointer shows nothing, anything else where the interface is
            if (i.dynamicType().startsWith("*")) {
                sb.append("...");
            } else {
                sb.append("*(*").append(typeText(i.typeName())).append(")(").append(hex(i.address())).append(')');
            }
        } else if (data instanceof Value.Pointer p && p.target() == null && p.address() != 0) {
            sb.append(hex(p.address()));
        } else if (data instanceof Value.Pointer p && p.address() == 0) {
            sb.append("nil");
        } else {
            append(sb, data, !withType);
        }
    }

    /** Delve quotes a type name that has a package path in it ({@code "example.com/pkg.T"}). */
    private static String typeText(String typeName) {
        if (!typeName.contains("/")) {
            return typeName;
        }
        StringBuilder q = new StringBuilder();
        GoQuote.quote(q, typeName.getBytes(StandardCharsets.UTF_8));
        return q.toString();
    }

    /** An address; -1 (a value that came from registers, so it has none) shows as 0. */
    private static String hex(long address) {
        return "0x" + Long.toHexString(Math.max(address, 0));
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
