package io.tinydbg.dwarf.types;

import java.util.Optional;

/** const, volatile, restrict or _Atomic applied to a type (an empty target means void). */
public final class QualifiedType extends DwarfType {
    /** Which qualifier. */
    public enum Qualifier {
        CONST("const"), VOLATILE("volatile"), RESTRICT("restrict"), ATOMIC("_Atomic");

        private final String keyword;

        Qualifier(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    private final Qualifier qualifier;
    private final DwarfType target;

    public QualifiedType(TypeInfo info, Qualifier qualifier, DwarfType target) {
        super(info);
        this.qualifier = qualifier;
        this.target = target;
    }

    public Qualifier qualifier() {
        return qualifier;
    }

    public Optional<DwarfType> target() {
        return Optional.ofNullable(target);
    }

    @Override
    public long byteSize() {
        return target == null ? 0 : checkedSize(target, 0);
    }

    @Override
    protected String format(String declarator, int depth) {
        if (target == null) {
            return join(qualifier.keyword() + " void", declarator);
        }
        if (target instanceof PointerType || target instanceof ReferenceType) {
            // A qualified pointer: gdb writes the qualifier after the star ("char * const").
            return formatOf(target, " " + qualifier.keyword() + (declarator.isEmpty() ? "" : " " + declarator),
                    depth);
        }
        return qualifier.keyword() + " " + formatOf(target, declarator, depth);
    }
}
