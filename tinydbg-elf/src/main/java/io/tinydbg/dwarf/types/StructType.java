package io.tinydbg.dwarf.types;

import java.util.List;

/** A struct, class or union with its data members (Go's string, slice and interface are structs too). */
public final class StructType extends DwarfType {
    /** Which aggregate keyword. */
    public enum Kind { STRUCT, CLASS, UNION }

    /**
     * One data member. {@code offset} is the byte offset from the start of the aggregate; for bitfields
     * {@code bitSize} is the width and {@code bitOffset} the bit position within the byte at {@code offset}
     * (counted from the least significant bit on little-endian targets), as {@code ptype /o} shows it.
     */
    public record Member(String name, DwarfType type, long offset, int bitSize, int bitOffset) {
        public boolean isBitfield() {
            return bitSize > 0;
        }
    }

    private final Kind kind;
    private final long byteSize;
    private final List<Member> members;
    private final boolean declaration;
    private final boolean qualifiedNames;

    public StructType(TypeInfo info, Kind kind, long byteSize, List<Member> members, boolean declaration,
                      boolean qualifiedNames) {
        super(info);
        this.kind = kind;
        this.byteSize = byteSize;
        this.members = List.copyOf(members);
        this.declaration = declaration;
        this.qualifiedNames = qualifiedNames;
    }

    public Kind kind() {
        return kind;
    }

    public List<Member> members() {
        return members;
    }

    /** True for an incomplete type (a forward declaration, DW_AT_declaration). */
    public boolean isDeclaration() {
        return declaration;
    }

    @Override
    public long byteSize() {
        return byteSize;
    }

    @Override
    protected String format(String declarator, int depth) {
        String keyword = kind == Kind.UNION ? "union" : kind == Kind.CLASS ? "class" : "struct";
        if (declaredName().isEmpty()) {
            return join(keyword + " {...}", declarator);
        }
        // C names aggregates with their keyword; C++ and Rust by their (qualified) name alone.
        return join(qualifiedNames ? declaredName() : keyword + " " + declaredName(), declarator);
    }
}
