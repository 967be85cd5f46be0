package io.tinydbg.dwarf.types;

import java.util.Optional;

/** A C++ reference: DW_TAG_reference_type ({@code &}) or DW_TAG_rvalue_reference_type ({@code &&}). */
public final class ReferenceType extends DwarfType {
    private final TypeRef target;
    private final boolean rvalue;
    private final long byteSize;

    public ReferenceType(TypeInfo info, TypeRef target, boolean rvalue, long byteSize) {
        super(info);
        this.target = target;
        this.rvalue = rvalue;
        this.byteSize = byteSize;
    }

    public Optional<DwarfType> target() {
        return target == null ? Optional.empty() : Optional.of(target.get());
    }

    public boolean isRvalue() {
        return rvalue;
    }

    @Override
    public long byteSize() {
        return byteSize;
    }

    @Override
    protected String format(String declarator, int depth) {
        return PointerType.pointerFormat(target, rvalue ? "&&" : "&", declarator, depth);
    }
}
