package io.tinydbg.dwarf.types;

import java.util.List;
import java.util.Optional;

/** A DW_TAG_enumeration_type with its enumerators. */
public final class EnumType extends DwarfType {
    /** One named value. */
    public record Enumerator(String name, long value) {
    }

    private final long byteSize;
    private final DwarfType underlying;
    private final List<Enumerator> enumerators;
    private final boolean qualifiedNames;

    public EnumType(TypeInfo info, long byteSize, DwarfType underlying, List<Enumerator> enumerators,
                    boolean qualifiedNames) {
        super(info);
        this.byteSize = byteSize;
        this.underlying = underlying;
        this.enumerators = List.copyOf(enumerators);
        this.qualifiedNames = qualifiedNames;
    }

    /** DW_AT_type of the enumeration, when the compiler wrote it. */
    public Optional<DwarfType> underlying() {
        return Optional.ofNullable(underlying);
    }

    public List<Enumerator> enumerators() {
        return enumerators;
    }

    @Override
    public long byteSize() {
        return byteSize;
    }

    @Override
    protected String format(String declarator, int depth) {
        if (declaredName().isEmpty()) {
            return join("enum {...}", declarator);
        }
        return join(qualifiedNames ? declaredName() : "enum " + declaredName(), declarator);
    }
}
