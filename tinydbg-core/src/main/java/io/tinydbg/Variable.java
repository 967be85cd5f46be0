package io.tinydbg;

import io.tinydbg.value.Value;

/**
 * An argument or result of a traced call: its name (Go's unnamed results are {@code ~r0}, C's return value is
 * {@code ""}), its type's name, the value read from the process, and {@link #text()}, the value formatted as the
 * trace command prints it.
 */
public record Variable(String name, String typeName, Value value, String text) {
}
