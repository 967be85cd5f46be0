package io.tinydbg.dwarf.types;

import java.util.function.LongFunction;

/** A type that is resolved the first time it is needed: how pointers refer to their targets without looping. */
public final class TypeRef {
    private final LongFunction<DwarfType> lookup;
    private final long offset;
    private volatile DwarfType resolved;

    public TypeRef(LongFunction<DwarfType> lookup, long offset) {
        this.lookup = lookup;
        this.offset = offset;
    }

    public long offset() {
        return offset;
    }

    public DwarfType get() {
        DwarfType t = resolved;
        if (t == null) {
            resolved = t = lookup.apply(offset);
        }
        return t;
    }
}
