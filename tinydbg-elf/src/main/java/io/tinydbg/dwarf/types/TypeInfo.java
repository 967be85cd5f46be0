package io.tinydbg.dwarf.types;

/**
 * What every type knows of its DIE.
 *
 * @param source       the binary, for error messages
 * @param dieOffset    offset of the type's DIE
 * @param declaredName the DWARF name, qualified by its scopes where the language does that; "" if unnamed
 * @param verbatimName true when {@code declaredName} is already the complete name to print (Go, Rust)
 * @param goKind       DW_AT_go_kind, or -1
 */
public record TypeInfo(String source, long dieOffset, String declaredName, boolean verbatimName, int goKind) {
}
