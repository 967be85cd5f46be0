package io.tinydbg.index;

/**
 * A formal parameter of an indexed function: its name, its type's name as a debugger prints it, and whether it is
 * a result (Go writes named and unnamed results, {@code ~r0}, as parameters flagged as outputs).
 */
public record ParameterInfo(String name, String typeName, boolean result) {
}
