package io.tinydbg.dwarf.types;

/** A DW_TAG_unspecified_type such as C++'s {@code decltype(nullptr)}, or void where a type is required. */
public final class UnspecifiedType extends DwarfType {
    private final long byteSize;

    public UnspecifiedType(TypeInfo info, long byteSize) {
        super(info);
        this.byteSize = byteSize;
    }

    @Override
    public long byteSize() {
        return byteSize;
    }

    @Override
    protected String format(String declarator, int depth) {
        return join(declaredName().isEmpty() ? "void" : declaredName(), declarator);
    }
}
