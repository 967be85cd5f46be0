package io.tinydbg.dwarf.expr;

import java.util.Arrays;
import java.util.List;

/** What a location expression says about where an object's value is. */
public sealed interface Location {
    /** The value is in DWARF register {@code dwarfRegister} (DW_OP_reg*, DW_OP_regx). */
    record InRegister(int dwarfRegister) implements Location {
    }

    /** The value is in memory at {@code address}. */
    record InMemory(long address) implements Location {
    }

    /**
     * The value itself, known but stored nowhere (DW_OP_implicit_value, or DW_OP_stack_value whose bytes are the
     * little-endian 8 bytes of the computed value).
     */
    record ImplicitValue(byte[] bytes) implements Location {
        public ImplicitValue {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ImplicitValue v && Arrays.equals(bytes, v.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "ImplicitValue" + Arrays.toString(bytes);
        }
    }

    /** A pointer optimized away: it would point {@code offset} bytes into the object of DIE {@code dieOffset}. */
    record ImplicitPointer(long dieOffset, long offset) implements Location {
    }

    /** No location: the value is optimized out (an empty expression or an empty piece). */
    record OptimizedOut() implements Location {
    }

    /** A value assembled from pieces (DW_OP_piece, DW_OP_bit_piece), lowest piece first. */
    record Composite(List<Piece> pieces) implements Location {
        public Composite {
            pieces = List.copyOf(pieces);
        }
    }

    /**
     * One piece of a {@link Composite}: {@code sizeInBits} bits taken from {@code location} starting
     * {@code bitOffset} bits into it.
     */
    record Piece(Location location, long sizeInBits, long bitOffset) {
    }
}
