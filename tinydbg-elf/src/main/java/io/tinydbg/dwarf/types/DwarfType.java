package io.tinydbg.dwarf.types;

import io.tinydbg.bytes.MalformedInputException;
import java.util.OptionalInt;

/**
 * A type as DWARF describes it. {@link #name()} is formatted the way gdb prints it in {@code ptype} and
 * {@code info scope} ("char *", "const char *", "int [4]", "long (*)(long, long)", "struct point" in C,
 * "shapes::Rect" in C++); Go and Rust types carry complete names in their DWARF ("[]int", "&mut rsample::Counter")
 * and print those. Pointer and reference targets resolve lazily, so recursive types do not loop.
 */
public abstract sealed class DwarfType permits BaseType, PointerType, ReferenceType, QualifiedType, Typedef,
        StructType, ArrayType, EnumType, SubroutineType, UnspecifiedType {
    /** Declarator nesting deeper than this only comes from cyclic (malformed) type graphs. */
    private static final int MAX_DEPTH = 100;

    private final TypeInfo info;

    protected DwarfType(TypeInfo info) {
        this.info = info;
    }

    /** Offset of the DIE describing this type. */
    public long dieOffset() {
        return info.dieOffset();
    }

    /** The type's name as gdb prints it. */
    public String name() {
        if (info.verbatimName() && !info.declaredName().isEmpty()) {
            return info.declaredName();
        }
        return format("", 0);
    }

    /** Size in bytes (0 when unknown, for incomplete types and functions). */
    public abstract long byteSize();

    /**
     * A C declaration of {@code declarator} with this type, as gdb prints members and variables:
     * {@code int grid[2][3]}, {@code const char * const label}, {@code int (*cb)(int)}.
     */
    public String declare(String declarator) {
        return formatOf(this, declarator, 0);
    }

    /** Go's DW_AT_go_kind (the reflect.Kind number) when the Go linker wrote one. */
    public OptionalInt goKind() {
        return info.goKind() < 0 ? OptionalInt.empty() : OptionalInt.of(info.goKind());
    }

    /** The name the DWARF gives this type, qualified by its scopes where the language does that ("" if none). */
    public String declaredName() {
        return info.declaredName();
    }

    protected TypeInfo info() {
        return info;
    }

    /**
     * This type's text around {@code declarator}, the C declarator syntax built up by the types that refer to it
     * ("*" for a pointer to this type, "[4]" for an array of it, "(*)(int)" ...).
     */
    protected abstract String format(String declarator, int depth);

    /** "name" or "name declarator", as gdb spaces them. */
    protected static String join(String name, String declarator) {
        return declarator.isEmpty() ? name : name + " " + declarator;
    }

    protected static String formatOf(DwarfType t, String declarator, int depth) {
        if (depth > MAX_DEPTH) {
            throw new MalformedInputException(t.info.source(), ".debug_info", t.info.dieOffset(),
                    "type references nest too deeply (a cycle?)");
        }
        if (t.info.verbatimName() && !t.info.declaredName().isEmpty()) {
            return join(t.info.declaredName(), declarator);
        }
        return t.format(declarator, depth + 1);
    }

    protected static long checkedSize(DwarfType t, int depth) {
        if (depth > MAX_DEPTH) {
            throw new MalformedInputException(t.info.source(), ".debug_info", t.info.dieOffset(),
                    "type references nest too deeply (a cycle?)");
        }
        return t.byteSize();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name() + " @0x" + Long.toHexString(dieOffset()) + "]";
    }
}
