package io.tinydbg.value;

import io.tinydbg.dwarf.types.ArrayType;
import io.tinydbg.dwarf.types.BaseType;
import io.tinydbg.dwarf.types.DwarfType;
import io.tinydbg.dwarf.types.EnumType;
import io.tinydbg.dwarf.types.PointerType;
import io.tinydbg.dwarf.types.QualifiedType;
import io.tinydbg.dwarf.types.ReferenceType;
import io.tinydbg.dwarf.types.StructType;
import io.tinydbg.dwarf.types.Typedef;
import io.tinydbg.TinydbgException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the bytes of a variable and its DWARF type into a {@link Value}, following strings, pointers, struct fields
 * and array elements within {@link LoadLimits}, as Delve's load configurations do. Go types (those with a
 * DW_AT_go_kind) are read by {@link GoValueReader}. Reads that fail become {@link Value.Unreadable} parts.
 */
public final class ValueReader {
    private static final int DW_ATE_BOOLEAN = 0x02;
    private static final int DW_ATE_FLOAT = 0x04;
    private static final int DW_ATE_SIGNED = 0x05;
    private static final int DW_ATE_SIGNED_CHAR = 0x06;
    private static final int DW_ATE_UNSIGNED_CHAR = 0x08;
    private static final int DW_ATE_UTF = 0x10;

    private final MemoryReader memory;
    private final LoadLimits limits;
    private final GoValueReader go;

    public ValueReader(MemoryReader memory, LoadLimits limits) {
        this(memory, limits, GoRuntime.NONE);
    }

    /** A reader that can also name the dynamic types of Go interfaces and the functions of Go func values. */
    public ValueReader(MemoryReader memory, LoadLimits limits, GoRuntime runtime) {
        this.memory = memory;
        this.limits = limits;
        this.go = new GoValueReader(memory, limits, runtime);
    }

    /** The value of {@code type} stored at {@code address}. */
    public Value readAt(DwarfType type, long address) {
        if (GoValueReader.isGo(type)) {
            return go.at(type, address, 0);
        }
        return readAt(type, address, 0);
    }

    /** The value of {@code type} whose bytes are {@code bytes} (from registers or an implicit value). */
    public Value fromBytes(DwarfType type, byte[] bytes) {
        if (GoValueReader.isGo(type)) {
            return go.of(type, bytes, -1, 0);
        }
        return decode(type, type, bytes, -1, 0);
    }

    private Value readAt(DwarfType type, long address, int depth) {
        long size = type.byteSize();
        if (size <= 0) {
            return new Value.Unreadable(type.name(), "size unknown");
        }
        if (size > 1 << 20) {
            return new Value.Unreadable(type.name(), "too large to load (" + size + " bytes)");
        }
        try {
            return decode(type, type, memory.read(address, (int) size), address, depth);
        } catch (TinydbgException e) {
            return new Value.Unreadable(type.name(), e.getMessage());
        }
    }

    /** The size of a value of type {@code t}; a Go func value is a pointer, though its DWARF type says 1 byte. */
    public static long byteSize(DwarfType t) {
        return GoValueReader.isGo(t) ? GoValueReader.size(t) : t.byteSize();
    }

    /** Strips typedefs and qualifiers, which change the name but not the representation. */
    static DwarfType underlying(DwarfType t) {
        for (int i = 0; i < 64; i++) {
            if (t instanceof Typedef td && td.target().isPresent()) {
                t = td.target().get();
            } else if (t instanceof QualifiedType q && q.target().isPresent()) {
                t = q.target().get();
            } else {
                return t;
            }
        }
        return t;
    }

    /**
     * Whether a Go value of type {@code t} may hold an interface or a map, through its fields, elements or pointer
     * targets: decoding it then reads memory chosen by what it finds at run time.
     */
    public static boolean holdsGoDynamicType(DwarfType t) {
        return GoValueReader.holdsDynamicType(t);
    }

    /**
     * The type's name as the program's language writes it: Go's linker names every type verbatim
     * ({@code *main.Counter}, {@code []int}), while C-family names are composed as gdb prints them.
     */
    public static String typeName(DwarfType t) {
        if (t == null) {
            return "";
        }
        return t.goKind().isPresent() && !t.declaredName().isEmpty() ? t.declaredName() : t.name();
    }

    private Value decode(DwarfType declared, DwarfType type, byte[] bytes, long address, int depth) {
        String name = typeName(declared);
        DwarfType t = underlying(type);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (t instanceof BaseType b) {
            return base(name, b, buf);
        }
        if (t instanceof EnumType e) {
            long bits = integer(buf, (int) Math.min(8, e.byteSize()), true);
            String enumerator = null;
            for (EnumType.Enumerator en : e.enumerators()) {
                if (en.value() == bits) {
                    enumerator = en.name();
                    break;
                }
            }
            return new Value.Enum(name, bits, enumerator);
        }
        if (t instanceof PointerType p) {
            return pointer(name, p.target(), integer(buf, 8, false), depth, false);
        }
        if (t instanceof ReferenceType r) {
            return pointer(name, r.target(), integer(buf, 8, false), depth, true);
        }
        if (t instanceof StructType s) {
            return struct(name, s, bytes, address, depth);
        }
        if (t instanceof ArrayType a) {
            return array(name, a, bytes, address, depth);
        }
        return new Value.Pointer(name, integer(buf, (int) Math.min(8, bytes.length), false), null);
    }

    private static Value base(String name, BaseType b, ByteBuffer buf) {
        int size = (int) b.byteSize();
        switch (b.encoding()) {
            case DW_ATE_BOOLEAN:
                return new Value.Bool(name, integer(buf, size, false) != 0);
            case DW_ATE_FLOAT:
                if (size == 4) {
                    return new Value.Float(name, buf.getFloat(0), 4);
                }
                if (size == 8) {
                    return new Value.Float(name, buf.getDouble(0), 8);
                }
                if (size >= 10 && buf.limit() >= 10) {
                    return new Value.Float(name, X87.toDouble(buf), size);
                }
                return new Value.Unreadable(name, "unsupported float size " + size);
            case DW_ATE_SIGNED_CHAR:
            case DW_ATE_UNSIGNED_CHAR:
            case DW_ATE_UTF:
                boolean signedChar = b.encoding() == DW_ATE_SIGNED_CHAR;
                return new Value.Char(name, (int) integer(buf, size, signedChar), size, signedChar);
            default:
                boolean signed = b.encoding() == DW_ATE_SIGNED;
                return new Value.Integer(name, integer(buf, Math.min(size, 8), signed), size, signed);
        }
    }

    /** Sign- or zero-extends the first {@code size} bytes (at most 8, at most what there is). */
    static long integer(ByteBuffer buf, int size, boolean signed) {
        int n = Math.min(Math.min(size, 8), buf.limit());
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (buf.get(i) & 0xff);
        }
        if (signed && n > 0 && n < 8) {
            int shift = 64 - 8 * n;
            v = (v << shift) >> shift;
        }
        return v;
    }

    private Value pointer(String name, Optional<DwarfType> target, long address, int depth, boolean reference) {
        if (target.isPresent() && isCharType(target.get()) && !reference) {
            return address == 0 ? new Value.Pointer(name, 0, null) : cString(name, address);
        }
        boolean follow = reference || limits.followPointers();
        if (address == 0 || target.isEmpty() || !follow || depth >= limits.maxRecursion() + 1) {
            return new Value.Pointer(name, address, null);
        }
        return new Value.Pointer(name, address, readAt(target.get(), address, depth + 1));
    }

    private static boolean isCharType(DwarfType t) {
        DwarfType u = underlying(t);
        return u instanceof BaseType b && b.byteSize() == 1
                && (b.encoding() == DW_ATE_SIGNED_CHAR || b.encoding() == DW_ATE_UNSIGNED_CHAR);
    }

    /** A NUL-terminated string, read a page-bounded chunk at a time so the read never crosses into unmapped memory. */
    private Value cString(String name, long address) {
        int max = limits.maxStringLength();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long at = address;
        try {
            while (out.size() <= max) {
                int chunk = (int) Math.min(4096 - (at & 4095), max + 1 - out.size());
                byte[] b = memory.read(at, chunk);
                for (byte x : b) {
                    if (x == 0) {
                        byte[] text = out.toByteArray();
                        return new Value.Str(name, address, text, text.length);
                    }
                    out.write(x);
                }
                at += chunk;
            }
        } catch (TinydbgException e) {
            if (out.size() == 0) {
                return new Value.Unreadable(name, e.getMessage());
            }
        }
        byte[] loaded = out.toByteArray();
        return new Value.Str(name, address, java.util.Arrays.copyOf(loaded, Math.min(loaded.length, max)), -1);
    }

    private Value struct(String name, StructType s, byte[] bytes, long address, int depth) {
        List<StructType.Member> members = s.members();
        int load = limits.maxFields() < 0 ? members.size() : Math.min(limits.maxFields(), members.size());
        if (depth > limits.maxRecursion()) {
            load = 0;
        }
        List<Value.Field> fields = new ArrayList<>(load);
        for (int i = 0; i < load; i++) {
            StructType.Member m = members.get(i);
            fields.add(new Value.Field(m.name(), member(m, bytes, address, depth)));
        }
        return new Value.Struct(name, address, fields, members.size());
    }

    private Value member(StructType.Member m, byte[] bytes, long address, int depth) {
        long size = m.type().byteSize();
        if (m.offset() < 0 || size < 0 || m.offset() + size > bytes.length) {
            return new Value.Unreadable(m.type().name(), "member outside its struct");
        }
        byte[] part = java.util.Arrays.copyOfRange(bytes, (int) m.offset(), (int) (m.offset() + Math.max(size, 0)));
        if (m.isBitfield()) {
            long raw = integer(ByteBuffer.wrap(part).order(ByteOrder.LITTLE_ENDIAN), part.length, false);
            long bits = (raw >>> m.bitOffset()) & ((1L << m.bitSize()) - 1);
            DwarfType u = underlying(m.type());
            boolean signed = u instanceof BaseType b && b.isSigned();
            if (signed && m.bitSize() < 64) {
                bits = (bits << (64 - m.bitSize())) >> (64 - m.bitSize());
            }
            return new Value.Integer(m.type().name(), bits, (int) size, signed);
        }
        return decode(m.type(), m.type(), part, address < 0 ? -1 : address + m.offset(), depth + 1);
    }

    private Value array(String name, ArrayType a, byte[] bytes, long address, int depth) {
        long count = a.dimensions().isEmpty() ? -1 : a.dimensions().get(0);
        DwarfType element = a.element();
        long elementSize = element.byteSize();
        if (a.dimensions().size() > 1 || count < 0 || elementSize <= 0) {
            return new Value.Array(name, address, List.of(), Math.max(count, 0), Math.max(count, 0), false);
        }
        int load = (int) Math.min(count, limits.maxElements());
        if (depth > limits.maxRecursion()) {
            load = 0;
        }
        List<Value> elements = new ArrayList<>(load);
        for (int i = 0; i < load && (i + 1) * elementSize <= bytes.length; i++) {
            byte[] part = java.util.Arrays.copyOfRange(bytes, (int) (i * elementSize), (int) ((i + 1) * elementSize));
            elements.add(decode(element, element, part, address < 0 ? -1 : address + i * elementSize, depth + 1));
        }
        return new Value.Array(name, address, elements, count, count, false);
    }
}
