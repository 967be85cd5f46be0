package io.tinydbg.output;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small streaming JSON writer for the machine-readable outputs (JSON lines, Chrome trace events). It escapes
 * strings per RFC 8259 and places commas itself, so callers write fields in order without bookkeeping. Not a
 * general JSON library: it writes, never parses, and keeps no tree.
 */
public final class JsonWriter {
    private final StringBuilder out;
    /** One entry per open object or array: true once it holds a first element (so the next needs a comma). */
    private final Deque<Boolean> nonEmpty = new ArrayDeque<>();
    private boolean afterName;

    public JsonWriter(StringBuilder out) {
        this.out = out;
    }

    public JsonWriter() {
        this(new StringBuilder());
    }

    public JsonWriter beginObject() {
        beforeValue();
        out.append('{');
        nonEmpty.push(false);
        return this;
    }

    public JsonWriter endObject() {
        nonEmpty.pop();
        out.append('}');
        return this;
    }

    public JsonWriter beginArray() {
        beforeValue();
        out.append('[');
        nonEmpty.push(false);
        return this;
    }

    public JsonWriter endArray() {
        nonEmpty.pop();
        out.append(']');
        return this;
    }

    public JsonWriter name(String name) {
        separate();
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    public JsonWriter value(String s) {
        beforeValue();
        if (s == null) {
            out.append("null");
        } else {
            string(s);
        }
        return this;
    }

    public JsonWriter value(long v) {
        beforeValue();
        out.append(v);
        return this;
    }

    /** A number already formatted as JSON (for fractions, which {@link #value(long)} cannot write). */
    public JsonWriter rawNumber(String number) {
        beforeValue();
        out.append(number);
        return this;
    }

    public JsonWriter value(boolean v) {
        beforeValue();
        out.append(v);
        return this;
    }

    public JsonWriter nullValue() {
        beforeValue();
        out.append("null");
        return this;
    }

    /** Shorthand for {@code name(n).value(s)}. */
    public JsonWriter field(String name, String s) {
        return name(name).value(s);
    }

    public JsonWriter field(String name, long v) {
        return name(name).value(v);
    }

    public JsonWriter field(String name, boolean v) {
        return name(name).value(v);
    }

    /** An address as the hex string the outputs use ({@code "0x1139"}). */
    public JsonWriter hexField(String name, long address) {
        return name(name).value("0x" + Long.toHexString(address));
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
        } else {
            separate();
        }
    }

    private void separate() {
        if (!nonEmpty.isEmpty()) {
            if (nonEmpty.peek()) {
                out.append(',');
            } else {
                nonEmpty.pop();
                nonEmpty.push(true);
            }
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    /** The text written so far. */
    @Override
    public String toString() {
        return out.toString();
    }
}
