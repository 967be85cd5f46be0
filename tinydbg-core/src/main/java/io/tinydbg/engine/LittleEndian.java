package io.tinydbg.engine;

/** Reads the little-endian immediates and displacements of x86 machine code. */
final class LittleEndian {
    private LittleEndian() {
    }

    /** The signed 32-bit value at {@code code[at..at+3]}. */
    static int int32(byte[] code, int at) {
        return (code[at] & 0xff) | (code[at + 1] & 0xff) << 8 | (code[at + 2] & 0xff) << 16 | (code[at + 3] & 0xff) << 24;
    }
}
