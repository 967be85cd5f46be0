package io.tinydbg.dwarf.types;

import java.util.Optional;

/** A DW_TAG_pointer_type (or DW_TAG_ptr_to_member_type); the target is empty for {@code void *}. */
public final class PointerType extends DwarfType {
    private final TypeRef target;
    private final long byteSize;

    public PointerType(TypeInfo info, TypeRef target, long byteSize) {
        super(info);
        this.target = target;
        this.byteSize = byteSize;
    }

    /** The pointed-to type, resolved on first use; empty for void. */
    public Optional<DwarfType> target() {
        return target == null ? Optional.empty() : Optional.of(target.get());
    }

    @Override
    public long byteSize() {
        return byteSize;
    }

    @Override
    protected String format(String declarator, int depth) {
        return pointerFormat(target, "*", declarator, depth);
    }

    static String pointerFormat(TypeRef target, String sigil, String declarator, int depth) {
        if (target == null) {
            return join("void", sigil + declarator);
        }
        DwarfType t = target.get();
        if (t instanceof ArrayType || t instanceof SubroutineType) {
            return formatOf(t, "(" + sigil + declarator + ")", depth);
        }
        return formatOf(t, sigil + declarator, depth);
    }
}
