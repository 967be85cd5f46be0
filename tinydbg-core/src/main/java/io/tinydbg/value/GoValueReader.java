package io.tinydbg.value;

import io.tinydbg.TinydbgException;
import io.tinydbg.dwarf.types.ArrayType;
import io.tinydbg.dwarf.types.BaseType;
import io.tinydbg.dwarf.types.DwarfType;
import io.tinydbg.dwarf.types.PointerType;
import io.tinydbg.dwarf.types.StructType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Reads Go values by their DW_AT_go_kind, loading as much as Delve's load configuration with the same limits loads:
 * strings up to the string limit at any depth; struct fields and map entries only while the nesting level is within
 * the recursion limit; array and slice elements up to the element limit; pointers followed only when the limits
 * say so (at the same level, one deeper through an interface); an interface's content at its own level; a channel's
 * length and capacity always. The level of a top-level value is 0.
 */
final class GoValueReader {
    private static final int BOOL = 1;
    private static final int INT64 = 6;
    private static final int UINTPTR = 12;
    private static final int FLOAT32 = 13;
    private static final int FLOAT64 = 14;
    private static final int COMPLEX64 = 15;
    private static final int COMPLEX128 = 16;
    private static final int ARRAY = 17;
    private static final int CHAN = 18;
    private static final int FUNC = 19;
    private static final int INTERFACE = 20;
    private static final int MAP = 21;
    private static final int PTR = 22;
    private static final int SLICE = 23;
    private static final int STRING = 24;
    private static final int STRUCT = 25;
    private static final int UNSAFE_POINTER = 26;
    /** runtime.kindDirectIface: the interface's data word is the value itself, not a pointer to it. */
    private static final int KIND_DIRECT_IFACE = 1 << 5;
    /** Tophash values of a map bucket's empty slots (Go 1.12 and later) and the first value of a full slot. */
    private static final int EMPTY_REST = 0;
    private static final int EMPTY_ONE = 1;
    private static final int MIN_TOP_HASH = 5;
    private static final int BUCKET_SLOTS = 8;
    /** A length above this in a header read from the process is garbage. */
    private static final long MAX_SANE_LENGTH = 1L << 40;

    private final MemoryReader memory;
    private final LoadLimits limits;
    private final GoRuntime runtime;

    GoValueReader(MemoryReader memory, LoadLimits limits, GoRuntime runtime) {
        this.memory = memory;
        this.limits = limits;
        this.runtime = runtime;
    }

    /** Whether {@code t} is a Go type (the Go linker gives each one its reflect kind). */
    static boolean isGo(DwarfType t) {
        return t != null && t.goKind().isPresent();
    }

    /**
     * Whether a value of {@code type} may hold an interface or a map anywhere it is decoded from: through struct
     * fields, array elements and pointer targets (a slice is a struct whose first field points at its elements).
     * What such a value needs from memory depends on the dynamic type or the buckets found at run time. Channels,
     * funcs and unsafe pointers are leaves: only their own header is read.
     */
    static boolean holdsDynamicType(DwarfType type) {
        return holdsDynamicType(type, new java.util.HashSet<>());
    }

    private static boolean holdsDynamicType(DwarfType type, java.util.Set<DwarfType> seen) {
        if (type == null || !seen.add(type)) {
            return false;
        }
        DwarfType u = underlying(type);
        int kind = kind(type, u);
        if (kind == INTERFACE || kind == MAP) {
            return true;
        }
        if (kind == CHAN || kind == FUNC || kind == UNSAFE_POINTER) {
            return false;
        }
        if (u instanceof StructType s) {
            return s.members().stream().anyMatch(m -> holdsDynamicType(m.type(), seen));
        }
        if (u instanceof ArrayType a) {
            return holdsDynamicType(a.element(), seen);
        }
        if (u instanceof PointerType p) {
            return p.target().map(t -> holdsDynamicType(t, seen)).orElse(false);
        }
        return false;
    }

    /** The value of {@code type} at {@code address}. */
    Value at(DwarfType type, long address, int level) {
        long size = size(type);
        if (size > 1 << 20) {
            return new Value.Unreadable(ValueReader.typeName(type), "too large to load (" + size + " bytes)");
        }
        try {
            byte[] bytes = size == 0 ? new byte[0] : memory.read(address, (int) size);
            return of(type, bytes, address, level);
        } catch (TinydbgException e) {
            return new Value.Unreadable(ValueReader.typeName(type), e.getMessage());
        }
    }

    /** The value of {@code type} whose bytes are {@code bytes}; {@code address} is -1 when they were in registers. */
    Value of(DwarfType type, byte[] bytes, long address, int level) {
        String name = ValueReader.typeName(type);
        DwarfType u = underlying(type);
        int kind = kind(type, u);
        if (bytes.length < size(type)) {
            bytes = Arrays.copyOf(bytes, (int) size(type)); // a register holds a func as 8 bytes, DWARF says 1
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        try {
            if (kind == BOOL) {
                return new Value.Bool(name, bytes.length > 0 && bytes[0] != 0);
            }
            if (kind > BOOL && kind <= UINTPTR) {
                int size = (int) Math.min(8, u.byteSize());
                Value.Integer i = new Value.Integer(name, ValueReader.integer(buf, size, kind <= INT64), size,
                        kind <= INT64);
                // only named types of a package: a plain int of 1 is not io.SeekCurrent (Delve's rule)
                if (name.contains(".") && !name.startsWith("C.")) {
                    Optional<String> names = runtime.constantName(name, i.bits());
                    if (names.isPresent()) {
                        return new Value.Constant(name, i, names.get());
                    }
                }
                return i;
            }
            switch (kind) {
                case FLOAT32:
                    return new Value.Float(name, buf.getFloat(0), 4);
                case FLOAT64:
                    return new Value.Float(name, buf.getDouble(0), 8);
                case COMPLEX64:
                    return new Value.Complex(name, buf.getFloat(0), buf.getFloat(4), 8);
                case COMPLEX128:
                    return new Value.Complex(name, buf.getDouble(0), buf.getDouble(8), 16);
                case STRING:
                    return string(name, (StructType) u, buf);
                case SLICE:
                    return slice(name, (StructType) u, buf, level);
                case ARRAY:
                    return array(name, (ArrayType) u, bytes, address, level);
                case STRUCT:
                    return struct(name, (StructType) u, bytes, address, level);
                case PTR:
                    return pointer(name, ((PointerType) u).target(), buf.getLong(0), level);
                case UNSAFE_POINTER:
                    return new Value.Pointer(name, buf.getLong(0), null);
                case CHAN:
                    return chan(name, u, buf.getLong(0));
                case FUNC:
                    return func(name, buf.getLong(0));
                case MAP:
                    return map(name, u, buf.getLong(0), level);
                case INTERFACE:
                    return iface(name, (StructType) u, buf, address, level);
                default:
                    return new Value.Unreadable(name, "unsupported Go kind " + kind);
            }
        } catch (ClassCastException | IndexOutOfBoundsException | NoSuchElementException e) {
            return new Value.Unreadable(name, "unexpected layout of a Go value of kind " + kind);
        } catch (TinydbgException e) {
            return new Value.Unreadable(name, e.getMessage());
        }
    }

    /** A Go func is a pointer to its closure, whatever DWARF says the subroutine type's size is. */
    static long size(DwarfType t) {
        int kind = t.goKind().orElse(-1);
        return kind == FUNC ? 8 : Math.max(0, t.byteSize());
    }

    /**
     * The reflect kind, from DW_AT_go_kind; types the linker made up without one (such as {@code *int}) get it
     * from their DWARF shape.
     */
    private static int kind(DwarfType type, DwarfType u) {
        int kind = type.goKind().orElse(0);
        if (kind > 0) {
            return kind;
        }
        if (u instanceof PointerType) {
            return PTR;
        }
        if (u instanceof ArrayType) {
            return ARRAY;
        }
        if (u instanceof StructType) {
            return STRUCT;
        }
        if (u instanceof BaseType b) {
            boolean signed = b.isSigned();
            return switch (b.encoding()) {
                case 0x02 -> BOOL;
                case 0x04 -> b.byteSize() == 4 ? FLOAT32 : FLOAT64;
                case 0x03 -> b.byteSize() == 8 ? COMPLEX64 : COMPLEX128;
                default -> signed ? INT64 : UINTPTR;
            };
        }
        return 0;
    }

    private static DwarfType underlying(DwarfType t) {
        return ValueReader.underlying(t);
    }

    private Value string(String name, StructType s, ByteBuffer buf) {
        long data = word(buf, s, "str");
        long length = word(buf, s, "len");
        if (length < 0 || length > MAX_SANE_LENGTH) {
            return new Value.Unreadable(name, "invalid length: " + length);
        }
        int load = (int) Math.min(length, limits.maxStringLength());
        byte[] text = load == 0 || data == 0 ? new byte[0] : memory.read(data, load);
        return new Value.Str(name, data, text, data == 0 ? 0 : length);
    }

    private Value slice(String name, StructType s, ByteBuffer buf, int level) {
        long data = word(buf, s, "array");
        long length = word(buf, s, "len");
        long capacity = word(buf, s, "cap");
        if (length < 0 || length > MAX_SANE_LENGTH || capacity < 0) {
            return new Value.Unreadable(name, "invalid slice header (len " + length + ", cap " + capacity + ")");
        }
        DwarfType element = member(s, "array").map(m -> underlying(m.type()))
                .filter(t -> t instanceof PointerType).flatMap(t -> ((PointerType) t).target()).orElse(null);
        List<Value> elements = new ArrayList<>();
        if (element != null && data != 0) {
            long stride = size(element);
            int load = (int) Math.min(length, limits.maxElements());
            for (int i = 0; i < load; i++) {
                elements.add(at(element, data + i * stride, level + 1));
            }
        }
        return new Value.Array(name, data, elements, length, capacity, true);
    }

    private Value array(String name, ArrayType a, byte[] bytes, long address, int level) {
        long count = a.dimensions().isEmpty() ? 0 : a.dimensions().get(0);
        DwarfType element = a.element();
        long stride = size(element);
        List<Value> elements = new ArrayList<>();
        int load = (int) Math.min(count, limits.maxElements());
        for (int i = 0; i < load && (i + 1) * stride <= bytes.length; i++) {
            byte[] part = Arrays.copyOfRange(bytes, (int) (i * stride), (int) ((i + 1) * stride));
            elements.add(of(element, part, address < 0 ? -1 : address + i * stride, level + 1));
        }
        return new Value.Array(name, address, elements, count, count, false);
    }

    private Value struct(String name, StructType s, byte[] bytes, long address, int level) {
        List<StructType.Member> members = s.members();
        List<Value.Field> fields = new ArrayList<>();
        if (level <= limits.maxRecursion()) {
            int load = limits.maxFields() < 0 ? members.size() : Math.min(limits.maxFields(), members.size());
            for (int i = 0; i < load; i++) {
                StructType.Member m = members.get(i);
                long size = size(m.type());
                if (m.offset() < 0 || m.offset() + size > bytes.length) {
                    fields.add(new Value.Field(m.name(), new Value.Unreadable(ValueReader.typeName(m.type()),
                            "member outside its struct")));
                    continue;
                }
                byte[] part = Arrays.copyOfRange(bytes, (int) m.offset(), (int) (m.offset() + size));
                fields.add(new Value.Field(m.name(), of(m.type(), part, address < 0 ? -1 : address + m.offset(),
                        level + 1)));
            }
        }
        return new Value.Struct(name, address, fields, members.size());
    }

    private Value pointer(String name, Optional<DwarfType> target, long pointer, int level) {
        if (pointer == 0 || target.isEmpty() || !limits.followPointers()) {
            return new Value.Pointer(name, pointer, null);
        }
        // Delve follows a pointer without counting a level, except into an interface (which could loop)
        DwarfType t = target.get();
        int next = t.goKind().orElse(-1) == INTERFACE ? level + 1 : level;
        return new Value.Pointer(name, pointer, at(t, pointer, next));
    }

    /** A channel is a pointer to its runtime.hchan, whose qcount and dataqsiz are its length and capacity. */
    private Value chan(String name, DwarfType u, long hchan) {
        if (hchan == 0) {
            return new Value.Chan(name, 0, 0, 0);
        }
        StructType h = pointee(u);
        long count = field(hchan, h, "qcount");
        long capacity = field(hchan, h, "dataqsiz");
        return new Value.Chan(name, hchan, count, capacity);
    }

    /** A func value points to a closure whose first word is the code's address. */
    private Value func(String name, long closure) {
        if (closure == 0) {
            return new Value.Func(name, 0, null);
        }
        long code = ByteBuffer.wrap(memory.read(closure, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        Optional<String> fn = runtime.functionAt(code);
        if (fn.isEmpty()) {
            return new Value.Unreadable(name, "could not find function for 0x" + Long.toHexString(code));
        }
        return new Value.Func(name, code, fn.get());
    }

    /**
     * A map is a pointer to its runtime.hmap: {@code count} entries in 2^B buckets of eight slots (and overflow
     * buckets chained to them), read in bucket order as Delve does; a map that is growing still has some of its
     * entries in {@code oldbuckets}.
     */
    private Value map(String name, DwarfType u, long hmap, int level) {
        if (hmap == 0) {
            return new Value.Map(name, 0, List.of(), 0);
        }
        StructType h = pointee(u);
        long count = field(hmap, h, "count");
        if (count <= 0 || level > limits.maxRecursion() || limits.maxElements() == 0) {
            return new Value.Map(name, hmap, List.of(), Math.max(count, 0));
        }
        int b = (int) (field(hmap, h, "B") & 0xff);
        long buckets = field(hmap, h, "buckets");
        long oldBuckets = field(hmap, h, "oldbuckets");
        StructType bucket = pointee(member(h, "buckets").orElseThrow().type());
        Bucket layout = new Bucket(bucket);
        long limit = Math.min(count, limits.maxElements());
        List<Value.Entry> entries = new ArrayList<>();
        long numBuckets = 1L << Math.min(b, 40);
        long oldMask = b == 0 ? 0 : (1L << (b - 1)) - 1;
        for (long i = 0; i < numBuckets && entries.size() < limit; i++) {
            long at = buckets + i * bucket.byteSize();
            if (oldBuckets != 0) {
                long oldIndex = i & oldMask;
                long old = oldBuckets + oldIndex * bucket.byteSize();
                if (!evacuated(old, layout)) {
                    if (oldIndex != i) {
                        continue; // its entries were read with the first bucket that old bucket splits into
                    }
                    at = old;
                }
            }
            for (long chain = at; chain != 0 && entries.size() < limit; chain = layout.overflow(chain)) {
                byte[] tophash = memory.read(chain + layout.tophash, BUCKET_SLOTS);
                for (int slot = 0; slot < BUCKET_SLOTS && entries.size() < limit; slot++) {
                    int top = tophash[slot] & 0xff;
                    if (top == EMPTY_REST || top == EMPTY_ONE) {
                        continue;
                    }
                    Value key = at(layout.keyType, chain + layout.keys + slot * layout.keySize, level + 1);
                    Value value = at(layout.valueType, chain + layout.values + slot * layout.valueSize, level + 1);
                    entries.add(new Value.Entry(key, value));
                }
            }
        }
        return new Value.Map(name, hmap, entries, count);
    }

    private boolean evacuated(long bucket, Bucket layout) {
        int top = memory.read(bucket + layout.tophash, 1)[0] & 0xff;
        return top > EMPTY_ONE && top < MIN_TOP_HASH;
    }

    /** The offsets and types of a map bucket's parts, from its DWARF struct. */
    private final class Bucket {
        final long tophash;
        final long keys;
        final long values;
        final long overflowAt;
        final DwarfType keyType;
        final DwarfType valueType;
        final long keySize;
        final long valueSize;

        Bucket(StructType b) {
            StructType.Member k = member(b, "keys").orElseThrow();
            StructType.Member v = member(b, "values").orElseThrow();
            tophash = member(b, "tophash").orElseThrow().offset();
            keys = k.offset();
            values = v.offset();
            overflowAt = member(b, "overflow").orElseThrow().offset();
            keyType = ((ArrayType) underlying(k.type())).element();
            valueType = ((ArrayType) underlying(v.type())).element();
            keySize = size(keyType);
            valueSize = size(valueType);
        }

        long overflow(long bucket) {
            return ByteBuffer.wrap(memory.read(bucket + overflowAt, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        }
    }

    /**
     * An interface is a type word and a data word. The type word is the dynamic type's runtime._type (an empty
     * interface's {@code _type}) or the itab that points to it (an interface with methods: {@code tab}); the data
     * word is the value itself for pointer-shaped types, else a pointer to it.
     */
    private Value iface(String name, StructType s, ByteBuffer buf, long address, int level) {
        Optional<StructType.Member> tab = member(s, "tab");
        StructType.Member typeWord = tab.or(() -> member(s, "_type")).orElseThrow();
        StructType.Member dataWord = member(s, "data").orElseThrow();
        long word = buf.getLong((int) typeWord.offset());
        long data = buf.getLong((int) dataWord.offset());
        if (word == 0) {
            return new Value.Interface(name, address, null, null);
        }
        long descriptor = word;
        StructType typeStruct;
        if (tab.isPresent()) {
            StructType itab = pointee(tab.get().type());
            StructType.Member t = member(itab, "_type").orElseThrow();
            descriptor = ByteBuffer.wrap(memory.read(word + t.offset(), 8)).order(ByteOrder.LITTLE_ENDIAN)
                    .getLong(0);
            typeStruct = pointee(t.type());
        } else {
            typeStruct = pointee(typeWord.type());
        }
        Optional<DwarfType> dynamic = runtime.typeAt(descriptor);
        if (dynamic.isEmpty()) {
            return new Value.Unreadable(name, "unknown dynamic type (descriptor at 0x"
                    + Long.toHexString(descriptor) + ")");
        }
        DwarfType t = dynamic.get();
        String dynamicName = ValueReader.typeName(t);
        if (level > limits.maxRecursion()) {
            return new Value.Interface(name, address, dynamicName, null);
        }
        int kindByte = memory.read(descriptor + member(typeStruct, "kind").orElseThrow().offset(), 1)[0];
        boolean direct = (kindByte & KIND_DIRECT_IFACE) != 0 || underlying(t) instanceof PointerType;
        long dataAddress = address < 0 ? -1 : address + dataWord.offset();
        Value value;
        if (direct) {
            byte[] bytes = Arrays.copyOf(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(data).array(),
                    (int) Math.min(8, size(t)));
            value = of(t, bytes, dataAddress, level);
        } else {
            value = at(t, data, level);
        }
        return new Value.Interface(name, address, dynamicName, value);
    }

    /** The struct a pointer type (possibly behind typedefs) points to. */
    private static StructType pointee(DwarfType t) {
        DwarfType target = ((PointerType) underlying(t)).target().orElseThrow();
        return (StructType) underlying(target);
    }

    private static Optional<StructType.Member> member(StructType s, String name) {
        for (StructType.Member m : s.members()) {
            if (m.name().equals(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The 8-byte (or smaller) field {@code name} of the header in {@code buf}. */
    private static long word(ByteBuffer buf, StructType s, String name) {
        StructType.Member m = member(s, name).orElseThrow();
        int size = (int) Math.min(8, Math.max(1, m.type().byteSize()));
        ByteBuffer part = ByteBuffer.wrap(Arrays.copyOfRange(buf.array(), (int) m.offset(), (int) m.offset() + size))
                .order(ByteOrder.LITTLE_ENDIAN);
        return ValueReader.integer(part, size, false);
    }

    /** The integer field {@code name} of the struct {@code s} at {@code address}. */
    private long field(long address, StructType s, String name) {
        StructType.Member m = member(s, name).orElseThrow();
        int size = (int) Math.min(8, Math.max(1, m.type().byteSize()));
        byte[] b = memory.read(address + m.offset(), size);
        return ValueReader.integer(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN), size, false);
    }
}
