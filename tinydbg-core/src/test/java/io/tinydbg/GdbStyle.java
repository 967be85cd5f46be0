package io.tinydbg;

import io.tinydbg.value.Value;

/** Prints a {@link Value} the way gdb prints it in a frame line or after {@code finish}, addresses as {@code <ptr>}. */
final class GdbStyle {
    private GdbStyle() {
    }

    static String format(Value v) {
        StringBuilder sb = new StringBuilder();
        append(sb, v);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Value v) {
        if (v instanceof Value.Integer i) {
            sb.append(i.signed() ? Long.toString(i.bits()) : Long.toUnsignedString(i.bits()));
        } else if (v instanceof Value.Char c) {
            sb.append(c.codePoint()).append(" '").append((char) c.codePoint()).append('\'');
        } else if (v instanceof Value.Bool b) {
            sb.append(b.value());
        } else if (v instanceof Value.Float f) {
            double d = f.value();
            sb.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d)
                    : f.size() == 4 ? Float.toString((float) d) : Double.toString(d));
        } else if (v instanceof Value.Enum e) {
            sb.append(e.enumerator() != null ? e.enumerator() : Long.toString(e.bits()));
        } else if (v instanceof Value.Str s) {
            sb.append('"').append(s.text()).append('"');
        } else if (v instanceof Value.Pointer) {
            sb.append("<ptr>");
        } else if (v instanceof Value.Struct s) {
            sb.append('{');
            for (int i = 0; i < s.fields().size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(s.fields().get(i).name()).append(" = ");
                append(sb, s.fields().get(i).value());
            }
            sb.append('}');
        } else {
            sb.append(v);
        }
    }
}
