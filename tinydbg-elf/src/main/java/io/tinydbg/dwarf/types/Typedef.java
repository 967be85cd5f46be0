package io.tinydbg.dwarf.types;

import java.util.Optional;

/** A DW_TAG_typedef: prints as its own name; sizes and values come from the target. */
public final class Typedef extends DwarfType {
    private final DwarfType target;

    public Typedef(TypeInfo info, DwarfType target) {
        super(info);
        this.target = target;
    }

    /** The aliased type; empty for a typedef of void. */
    public Optional<DwarfType> target() {
        return Optional.ofNullable(target);
    }

    /** The Go linker puts the kind on the aliased type, not on the typedef that carries the Go name. */
    @Override
    public java.util.OptionalInt goKind() {
        java.util.OptionalInt own = super.goKind();
        return own.isPresent() || target == null ? own : target.goKind();
    }

    @Override
    public long byteSize() {
        return target == null ? 0 : checkedSize(target, 0);
    }

    @Override
    protected String format(String declarator, int depth) {
        return join(declaredName(), declarator);
    }
}
