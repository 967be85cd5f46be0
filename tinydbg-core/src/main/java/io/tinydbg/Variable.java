package io.tinydbg;

import io.tinydbg.value.Value;
import io.tinydbg.value.ValueFormatter;
import java.util.Objects;

/**
 * An argument or result of a traced call: its name (Go's unnamed results are {@code ~r0}, C's return value is
 * {@code ""}), its type's name, the value read from the process, and {@link #text()}, the value formatted as Delve
 * formats it. The text is made the first time it is asked for, so formatting never runs on the tracer thread
 * while the traced thread waits, unless a synchronous callback asks for it there.
 */
public final class Variable {
    private final String name;
    private final String typeName;
    private final Value value;
    private volatile String text;

    public Variable(String name, String typeName, Value value) {
        this.name = Objects.requireNonNull(name);
        this.typeName = Objects.requireNonNull(typeName);
        this.value = Objects.requireNonNull(value);
    }

    public String name() {
        return name;
    }

    public String typeName() {
        return typeName;
    }

    public Value value() {
        return value;
    }

    /** The value formatted on one line, as Delve's trace prints it. */
    public String text() {
        String t = text;
        if (t == null) {
            text = t = ValueFormatter.format(value);
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Variable v && v.name.equals(name) && v.typeName.equals(typeName) && v.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, typeName, value);
    }

    @Override
    public String toString() {
        return name + "=" + text();
    }
}
