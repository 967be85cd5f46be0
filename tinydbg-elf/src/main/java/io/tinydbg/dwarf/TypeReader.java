package io.tinydbg.dwarf;

import static io.tinydbg.dwarf.DwarfConstants.*;

import io.tinydbg.bytes.MalformedInputException;
import io.tinydbg.dwarf.types.ArrayType;
import io.tinydbg.dwarf.types.BaseType;
import io.tinydbg.dwarf.types.DwarfType;
import io.tinydbg.dwarf.types.EnumType;
import io.tinydbg.dwarf.types.PointerType;
import io.tinydbg.dwarf.types.QualifiedType;
import io.tinydbg.dwarf.types.ReferenceType;
import io.tinydbg.dwarf.types.StructType;
import io.tinydbg.dwarf.types.SubroutineType;
import io.tinydbg.dwarf.types.TypeInfo;
import io.tinydbg.dwarf.types.TypeRef;
import io.tinydbg.dwarf.types.Typedef;
import io.tinydbg.dwarf.types.UnspecifiedType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Builds {@link DwarfType}s from type DIEs, once per DIE. Everything but pointer and reference targets is resolved
 * eagerly; those two resolve lazily through {@link TypeRef}, which is what lets a linked list refer to itself.
 * A cycle without a pointer, or nesting deeper than {@link #MAX_NESTING}, is malformed input.
 */
final class TypeReader {
    private static final int MAX_NESTING = 200;
    private static final int LANG_GO = 0x16;
    private static final int LANG_RUST = 0x1c;

    private final Dwarf dwarf;
    private final Map<Long, DwarfType> cache = new HashMap<>();
    private final Set<Long> inProgress = new HashSet<>();

    TypeReader(Dwarf dwarf) {
        this.dwarf = dwarf;
    }

    synchronized DwarfType type(long offset) {
        DwarfType t = cache.get(offset);
        if (t != null) {
            return t;
        }
        if (inProgress.contains(offset) || inProgress.size() > MAX_NESTING) {
            throw new MalformedInputException(dwarf.sourceName(), ".debug_info", offset & ~Dwarf.TYPES_SECTION_FLAG,
                    inProgress.contains(offset) ? "type refers to itself without a pointer" : "types nest too deeply");
        }
        inProgress.add(offset);
        try {
            t = build(dwarf.die(offset));
            cache.put(offset, t);
            return t;
        } finally {
            inProgress.remove(offset);
        }
    }

    /** The type DW_AT_type of {@code d} names, or null for void (no DW_AT_type). */
    DwarfType typeOf(Die d) {
        OptionalLong ref = d.reference(AT_TYPE);
        return ref.isPresent() ? type(ref.getAsLong()) : null;
    }

    private TypeRef lazyTypeOf(Die d) {
        OptionalLong ref = d.reference(AT_TYPE);
        return ref.isPresent() ? new TypeRef(dwarf::type, ref.getAsLong()) : null;
    }

    private DwarfType build(Die d) {
        OptionalLong signature = d.reference(AT_SIGNATURE);
        if (signature.isPresent()) {
            return type(signature.getAsLong());
        }
        int lang = d.context().language();
        boolean scoped = usesScopedNames(lang);
        int tag = d.tag();
        String name = d.name();
        boolean aggregate = tag == TAG_STRUCTURE_TYPE || tag == TAG_CLASS_TYPE || tag == TAG_UNION_TYPE
                || tag == TAG_ENUMERATION_TYPE || tag == TAG_TYPEDEF;
        String declared = scoped && aggregate && !name.isEmpty() ? qualify(d, name) : name;
        // Go and Rust name every type completely; gdb prints Go pointers C-style ("main.Counter *") though.
        boolean verbatim = lang == LANG_RUST || lang == LANG_GO && tag != TAG_POINTER_TYPE;
        if (tag == TAG_BASE_TYPE && lang != LANG_GO && lang != LANG_RUST) {
            declared = BaseTypeNames.canonical(declared);
        }
        int goKind = (int) d.unsigned(AT_GO_KIND).orElse(-1);
        TypeInfo info = new TypeInfo(dwarf.sourceName(), d.offset(), declared, verbatim, goKind);
        long size = d.unsigned(AT_BYTE_SIZE).orElse(-1);
        switch (tag) {
            case TAG_BASE_TYPE:
                return new BaseType(info, (int) d.unsigned(AT_ENCODING).orElse(0), Math.max(size, 0));
            case TAG_POINTER_TYPE: case TAG_PTR_TO_MEMBER_TYPE:
                return new PointerType(info, lazyTypeOf(d), size > 0 ? size : d.unit().addressSize());
            case TAG_REFERENCE_TYPE: case TAG_RVALUE_REFERENCE_TYPE:
                return new ReferenceType(info, lazyTypeOf(d), tag == TAG_RVALUE_REFERENCE_TYPE,
                        size > 0 ? size : d.unit().addressSize());
            case TAG_CONST_TYPE:
                return new QualifiedType(info, QualifiedType.Qualifier.CONST, typeOf(d));
            case TAG_VOLATILE_TYPE:
                return new QualifiedType(info, QualifiedType.Qualifier.VOLATILE, typeOf(d));
            case TAG_RESTRICT_TYPE:
                return new QualifiedType(info, QualifiedType.Qualifier.RESTRICT, typeOf(d));
            case TAG_ATOMIC_TYPE:
                return new QualifiedType(info, QualifiedType.Qualifier.ATOMIC, typeOf(d));
            case TAG_TYPEDEF:
                return new Typedef(info, typeOf(d));
            case TAG_STRUCTURE_TYPE: case TAG_CLASS_TYPE: case TAG_UNION_TYPE:
                return struct(d, info, size, scoped || verbatim);
            case TAG_ARRAY_TYPE:
                return array(d, info, size);
            case TAG_ENUMERATION_TYPE:
                return enumeration(d, info, size, scoped || verbatim);
            case TAG_SUBROUTINE_TYPE:
                return subroutine(d, info);
            default:
                return new UnspecifiedType(info, Math.max(size, 0));
        }
    }

    /**
     * The name prefixed with its enclosing namespaces and types, joined with "::". A definition that completes a
     * declaration (DW_AT_specification, as type units write them) takes the declaration's scopes.
     */
    String qualify(Die d, String name) {
        Deque<String> parts = new ArrayDeque<>();
        parts.push(name);
        Die cur = d;
        for (int i = 0; i < MAX_NESTING; i++) {
            OptionalLong spec = cur.reference(AT_SPECIFICATION);
            if (spec.isPresent()) {
                cur = dwarf.die(spec.getAsLong());
            }
            Optional<Die> p = cur.parent();
            if (p.isEmpty()) {
                break;
            }
            Die parent = p.get();
            int tag = parent.tag();
            if (tag == TAG_NAMESPACE) {
                String n = parent.name();
                parts.push(n.isEmpty() ? "(anonymous namespace)" : n);
            } else if (tag == TAG_STRUCTURE_TYPE || tag == TAG_CLASS_TYPE || tag == TAG_UNION_TYPE) {
                if (!parent.name().isEmpty()) {
                    parts.push(parent.name());
                }
            } else {
                break;
            }
            cur = parent;
        }
        return String.join("::", parts);
    }

    private DwarfType struct(Die d, TypeInfo info, long size, boolean qualifiedNames) {
        StructType.Kind kind = d.tag() == TAG_UNION_TYPE ? StructType.Kind.UNION
                : d.tag() == TAG_CLASS_TYPE ? StructType.Kind.CLASS : StructType.Kind.STRUCT;
        List<StructType.Member> members = new ArrayList<>();
        for (Die m : d.children()) {
            if (m.tag() != TAG_MEMBER || m.flag(AT_DECLARATION) || m.flag(AT_EXTERNAL)) {
                continue; // static members are declarations, not part of the layout
            }
            members.add(member(m));
        }
        return new StructType(info, kind, Math.max(size, 0), members, d.flag(AT_DECLARATION), qualifiedNames);
    }

    private StructType.Member member(Die m) {
        DwarfType type = typeOf(m);
        long location = memberLocation(m);
        int bitSize = (int) m.unsigned(AT_BIT_SIZE).orElse(0);
        if (bitSize <= 0) {
            return new StructType.Member(m.name(), type, location, 0, 0);
        }
        long bit;
        OptionalLong dataBitOffset = m.unsigned(AT_DATA_BIT_OFFSET);
        if (dataBitOffset.isPresent()) {
            bit = dataBitOffset.getAsLong();
        } else {
            // DWARF 2/3: DW_AT_bit_offset counts from the most significant bit of the storage unit.
            long storage = m.unsigned(AT_BYTE_SIZE).orElse(type == null ? 0 : type.byteSize());
            bit = location * 8 + storage * 8 - m.unsigned(AT_BIT_OFFSET).orElse(0) - bitSize;
        }
        return new StructType.Member(m.name(), type, bit >>> 3, bitSize, (int) (bit & 7));
    }

    /** DW_AT_data_member_location as a constant or as the DW_OP_plus_uconst expression older compilers emit. */
    private static long memberLocation(Die m) {
        Optional<AttributeValue> v = m.attribute(AT_DATA_MEMBER_LOCATION);
        if (v.isEmpty()) {
            return 0;
        }
        if (v.get().block() != null) {
            byte[] ops = v.get().block();
            if (ops.length > 1 && (ops[0] & 0xff) == 0x23) { // DW_OP_plus_uconst
                long result = 0;
                for (int i = 1, shift = 0; i < ops.length && shift < 64; i++, shift += 7) {
                    result |= (long) (ops[i] & 0x7f) << shift;
                    if ((ops[i] & 0x80) == 0) {
                        break;
                    }
                }
                return result;
            }
            return 0;
        }
        return v.get().value();
    }

    private DwarfType array(Die d, TypeInfo info, long size) {
        DwarfType element = typeOf(d);
        List<Long> dims = new ArrayList<>();
        for (Die s : d.children()) {
            if (s.tag() != TAG_SUBRANGE_TYPE && s.tag() != TAG_ENUMERATION_TYPE) {
                continue;
            }
            Optional<AttributeValue> count = s.attribute(AT_COUNT);
            Optional<AttributeValue> upper = s.attribute(AT_UPPER_BOUND);
            if (count.isPresent() && isNumber(count.get())) {
                dims.add(count.get().value());
            } else if (upper.isPresent() && isNumber(upper.get())) {
                long lower = s.unsigned(AT_LOWER_BOUND).orElse(0);
                dims.add(upper.get().value() - lower + 1);
            } else {
                dims.add(-1L);
            }
        }
        return new ArrayType(info, element, dims, size);
    }

    private static boolean isNumber(AttributeValue v) {
        return v.kind() == AttributeValue.Kind.CONSTANT || v.kind() == AttributeValue.Kind.SIGNED_CONSTANT;
    }

    private DwarfType enumeration(Die d, TypeInfo info, long size, boolean qualifiedNames) {
        DwarfType underlying = typeOf(d);
        boolean signed = underlying instanceof BaseType && ((BaseType) underlying).isSigned();
        List<EnumType.Enumerator> values = new ArrayList<>();
        for (Die e : d.children()) {
            if (e.tag() != TAG_ENUMERATOR) {
                continue;
            }
            Optional<AttributeValue> v = e.attribute(AT_CONST_VALUE);
            long value = v.isPresent() ? v.get().value() : 0;
            if (v.isPresent() && signed && v.get().isUntypedData()) {
                value = signExtend(value, v.get().form());
            }
            values.add(new EnumType.Enumerator(e.name(), value));
        }
        return new EnumType(info, Math.max(size, 0), underlying, values, qualifiedNames);
    }

    private static long signExtend(long v, int form) {
        switch (form) {
            case FORM_DATA1: return (byte) v;
            case FORM_DATA2: return (short) v;
            case FORM_DATA4: return (int) v;
            default: return v;
        }
    }

    private DwarfType subroutine(Die d, TypeInfo info) {
        DwarfType ret = typeOf(d);
        List<DwarfType> params = new ArrayList<>();
        boolean variadic = false;
        for (Die p : d.children()) {
            if (p.tag() == TAG_FORMAL_PARAMETER) {
                DwarfType t = typeOf(p);
                params.add(t == null ? voidType(p) : t);
            } else if (p.tag() == TAG_UNSPECIFIED_PARAMETERS) {
                variadic = true;
            }
        }
        return new SubroutineType(info, ret, params, d.flag(AT_PROTOTYPED), variadic);
    }

    /** A stand-in for a missing type. */
    DwarfType voidType(Die d) {
        return new UnspecifiedType(new TypeInfo(dwarf.sourceName(), d.offset(), "void", false, -1), 0);
    }
}
