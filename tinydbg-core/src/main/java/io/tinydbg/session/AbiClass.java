package io.tinydbg.session;

import io.tinydbg.dwarf.types.ArrayType;
import io.tinydbg.dwarf.types.BaseType;
import io.tinydbg.dwarf.types.DwarfType;
import io.tinydbg.dwarf.types.QualifiedType;
import io.tinydbg.dwarf.types.StructType;
import io.tinydbg.dwarf.types.Typedef;
import java.util.ArrayList;
import java.util.List;

/**
 * The System V x86-64 classification of a value for passing: which eightbytes go in general registers (INTEGER),
 * which in XMM registers (SSE), or the whole value in memory. This is where arguments are at a function's entry,
 * before the prologue stores them where -O0 DWARF says they live, and where results are at the return.
 */
public record AbiClass(boolean memory, List<Kind> eightbytes) {
    /** The class of one eightbyte. */
    public enum Kind { INTEGER, SSE }

    private static final int DW_ATE_FLOAT = 0x04;

    public static AbiClass of(DwarfType type) {
        DwarfType t = strip(type);
        long size = t.byteSize();
        if (size <= 0) {
            return new AbiClass(false, List.of());
        }
        if (size > 16 || (t instanceof BaseType b && b.encoding() == DW_ATE_FLOAT && size > 8)) {
            return new AbiClass(true, List.of()); // long double and large aggregates go in memory
        }
        Kind[] classes = new Kind[(int) ((size + 7) / 8)];
        if (!classify(t, 0, classes, 0)) {
            return new AbiClass(true, List.of());
        }
        List<Kind> out = new ArrayList<>();
        for (Kind k : classes) {
            out.add(k == null ? Kind.SSE : k);
        }
        return new AbiClass(false, out);
    }

    /** Merges the scalars of {@code t} at {@code offset} into the eightbyte classes; false if unclassifiable. */
    private static boolean classify(DwarfType type, long offset, Kind[] classes, int depth) {
        DwarfType t = strip(type);
        if (depth > 32) {
            return false;
        }
        if (t instanceof StructType s) {
            for (StructType.Member m : s.members()) {
                if (!classify(m.type(), offset + m.offset(), classes, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (t instanceof ArrayType a) {
            long n = a.dimensions().isEmpty() ? 0 : a.dimensions().get(0);
            long es = a.element().byteSize();
            for (long i = 0; i < n && es > 0; i++) {
                if (!classify(a.element(), offset + i * es, classes, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        int slot = (int) (offset / 8);
        if (slot < 0 || slot >= classes.length) {
            return false;
        }
        boolean fp = t instanceof BaseType b && b.encoding() == DW_ATE_FLOAT;
        Kind k = fp ? Kind.SSE : Kind.INTEGER;
        classes[slot] = classes[slot] == Kind.INTEGER || k == Kind.INTEGER ? Kind.INTEGER : Kind.SSE;
        return true;
    }

    static DwarfType strip(DwarfType t) {
        for (int i = 0; i < 64; i++) {
            if (t instanceof Typedef td && td.target().isPresent()) {
                t = td.target().get();
            } else if (t instanceof QualifiedType q && q.target().isPresent()) {
                t = q.target().get();
            } else {
                break;
            }
        }
        return t;
    }

    public int integers() {
        return (int) eightbytes.stream().filter(k -> k == Kind.INTEGER).count();
    }

    public int sses() {
        return (int) eightbytes.stream().filter(k -> k == Kind.SSE).count();
    }
}
