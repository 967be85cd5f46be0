package io.tinydbg.dwarf.types;

/** A DW_TAG_base_type: "int", "unsigned char", "double", "_Bool", Go's "int" and "float64". */
public final class BaseType extends DwarfType {
    private final int encoding;
    private final long byteSize;

    public BaseType(TypeInfo info, int encoding, long byteSize) {
        super(info);
        this.encoding = encoding;
        this.byteSize = byteSize;
    }

    /** DW_ATE_* (5 signed, 7 unsigned, 4 float, 2 boolean, 6/8 signed/unsigned char, ...). */
    public int encoding() {
        return encoding;
    }

    @Override
    public long byteSize() {
        return byteSize;
    }

    /** True for DW_ATE_signed and DW_ATE_signed_char. */
    public boolean isSigned() {
        return encoding == 0x05 || encoding == 0x06;
    }

    @Override
    protected String format(String declarator, int depth) {
        return join(declaredName(), declarator);
    }
}
