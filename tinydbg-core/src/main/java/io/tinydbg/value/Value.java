package io.tinydbg.value;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A value read from the traced process, as a small typed model: what a callback can inspect without knowing DWARF.
 * Values are loaded within {@link LoadLimits} (string length, fields, elements, pointer depth), so a model may be
 * partial; {@link Unreadable} says why a value (or a part of it) could not be read. An {@code address} is where the
 * value itself lies in the process, or -1 when it came from registers.
 */
public sealed interface Value {
    /** The type's name as the source language writes it ({@code int}, {@code struct point}, {@code []int}). */
    String typeName();

    /** A signed or unsigned integer of {@code size} bytes; {@code bits} holds the raw two's-complement bits. */
    record Integer(String typeName, long bits, int size, boolean signed) implements Value {
        /** The value as a Java long (unsigned 64-bit values above Long.MAX_VALUE come out negative). */
        public long longValue() {
            return bits;
        }
    }

    /** A float or double (also long double truncated to double); {@code size} is 4 for a float32. */
    record Float(String typeName, double value, int size) implements Value {
    }

    /** A complex number (Go's complex64, of two float32 parts, and complex128). */
    record Complex(String typeName, double real, double imaginary, int size) implements Value {
    }

    record Bool(String typeName, boolean value) implements Value {
    }

    /** A character type ({@code char}, {@code wchar_t}, Rust's {@code char}, Go's {@code rune} is an Integer). */
    record Char(String typeName, int codePoint, int size, boolean signed) implements Value {
    }

    /**
     * A string: C's {@code char *} read up to its NUL, Go's and Rust's string headers; {@code address} is where
     * the bytes start, {@code bytes} the loaded prefix as the process holds it, {@code length} the full length in
     * bytes when known (-1 when the NUL was not reached within the limit).
     */
    record Str(String typeName, long address, byte[] bytes, long length) implements Value {
        public Str {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** The loaded bytes decoded as UTF-8. */
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        public boolean truncated() {
            return length < 0 || length > bytes.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Str s && s.typeName.equals(typeName) && s.address == address && s.length == length
                    && Arrays.equals(s.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return typeName.hashCode() * 31 + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Str[" + typeName + ", " + text() + ", length " + length + "]";
        }
    }

    /** A pointer; {@code target} is the pointed-to value when it was followed within the limits, else null. */
    record Pointer(String typeName, long address, Value target) implements Value {
    }

    /**
     * A struct, class or union at {@code address}; {@code fields} may be cut by the limits ({@code totalFields} says
     * how many there are).
     */
    record Struct(String typeName, long address, List<Field> fields, int totalFields) implements Value {
        public Struct {
            fields = List.copyOf(fields);
        }
    }

    /** A named member of a struct. */
    record Field(String name, Value value) {
    }

    /**
     * An array, slice or vector whose elements start at {@code address} (0 for Go's nil slice): {@code length}
     * elements (Go's cap in {@code capacity}, else equal to length), of which the first {@code elements.size()} were
     * loaded. {@code slice} tells Go's slices (a header with length and capacity) from arrays.
     */
    record Array(String typeName, long address, List<Value> elements, long length, long capacity, boolean slice)
            implements Value {
        public Array {
            elements = List.copyOf(elements);
        }
    }

    /**
     * A Go map whose header is at {@code address} (0 for a nil map) with {@code length} entries, of which
     * {@code entries} were loaded, in the order of the map's buckets.
     */
    record Map(String typeName, long address, List<Entry> entries, long length) implements Value {
        public Map {
            entries = List.copyOf(entries);
        }
    }

    /** One key and value of a {@link Map}. */
    record Entry(Value key, Value value) {
    }

    /**
     * A Go interface at {@code address}: {@code dynamicType} names the type of what it holds (null for a nil
     * interface), {@code data} is that value, or null when the limits stopped before it.
     */
    record Interface(String typeName, long address, String dynamicType, Value data) implements Value {
    }

    /** A Go channel: {@code count} values buffered of {@code capacity}; {@code address} 0 for a nil channel. */
    record Chan(String typeName, long address, long count, long capacity) implements Value {
    }

    /** A Go func value: the function its code pointer is in ({@code function} null for a nil func). */
    record Func(String typeName, long code, String function) implements Value {
    }

    /**
     * A Go integer of a named type described by the program's constants of that type: {@code names} is one
     * constant's name ({@code Green}) or flag constants or-ed ({@code FlagA|FlagC}).
     */
    record Constant(String typeName, Integer value, String names) implements Value {
    }

    /** An enumeration value with its enumerator's name when one matches, else null. */
    record Enum(String typeName, long bits, String enumerator) implements Value {
    }

    /** A value tinydbg could not read, with the reason ("optimized out", "read at 0x0: I/O error", ...). */
    record Unreadable(String typeName, String reason) implements Value {
    }
}
