package io.tinydbg.value;

import java.util.List;

/**
 * A value read from the traced process, as a small typed model: what a callback can inspect without knowing DWARF.
 * Values are loaded within {@link LoadLimits} (string length, fields, elements, pointer depth), so a model may be
 * partial; {@link Unreadable} says why a value (or a part of it) could not be read.
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

    /** A float or double (also long double truncated to double). */
    record Float(String typeName, double value, int size) implements Value {
    }

    record Bool(String typeName, boolean value) implements Value {
    }

    /** A character type ({@code char}, {@code wchar_t}, Rust's {@code char}, Go's {@code rune} is an Integer). */
    record Char(String typeName, int codePoint, int size, boolean signed) implements Value {
    }

    /**
     * A string: C's {@code char *} read up to its NUL, Go's and Rust's string headers; {@code address} is where
     * the bytes start, {@code length} their full length when known (-1 when the NUL was not reached within the
     * limit), {@code text} the loaded prefix.
     */
    record Str(String typeName, long address, String text, long length) implements Value {
        public boolean truncated() {
            return length < 0 || length > text.length();
        }
    }

    /** A pointer; {@code target} is the pointed-to value when it was followed within the limits, else null. */
    record Pointer(String typeName, long address, Value target) implements Value {
    }

    /** A struct, class or union; {@code fields} may be cut by the limits ({@code totalFields} says how many). */
    record Struct(String typeName, List<Field> fields, int totalFields) implements Value {
        public Struct {
            fields = List.copyOf(fields);
        }
    }

    /** A named member of a struct. */
    record Field(String name, Value value) {
    }

    /**
     * An array, slice or vector: {@code length} elements (Go's cap in {@code capacity}, else equal to length), of
     * which the first {@code elements.size()} were loaded.
     */
    record Array(String typeName, long address, List<Value> elements, long length, long capacity) implements Value {
        public Array {
            elements = List.copyOf(elements);
        }
    }

    /** An enumeration value with its enumerator's name when one matches, else null. */
    record Enum(String typeName, long bits, String enumerator) implements Value {
    }

    /** A value tinydbg could not read, with the reason ("optimized out", "read at 0x0: I/O error", ...). */
    record Unreadable(String typeName, String reason) implements Value {
    }
}
