package io.tinydbg.dwarf.line.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Test-only little-endian writer for hand-made DWARF, with back-patching of length fields. */
public final class ByteWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public ByteWriter u8(int v) {
        out.write(v);
        return this;
    }

    public ByteWriter u16(int v) {
        return u8(v).u8(v >>> 8);
    }

    public ByteWriter u32(long v) {
        return u16((int) v).u16((int) (v >>> 16));
    }

    public ByteWriter u64(long v) {
        return u32(v).u32(v >>> 32);
    }

    public ByteWriter uleb(long v) {
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
        return this;
    }

    public ByteWriter sleb(long v) {
        while (true) {
            int b = (int) (v & 0x7f);
            v >>= 7;
            boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
            out.write(done ? b : b | 0x80);
            if (done) {
                return this;
            }
        }
    }

    public ByteWriter cstr(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        return u8(0);
    }

    public ByteWriter bytes(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    /** Current size: the offset the next byte is written at. */
    public int size() {
        return out.size();
    }

    public byte[] toArray() {
        return out.toByteArray();
    }

    /** The bytes with a little-endian value of {@code width} bytes written over offset {@code at}. */
    public static byte[] patch(byte[] b, int at, long value, int width) {
        for (int i = 0; i < width; i++) {
            b[at + i] = (byte) (value >>> (8 * i));
        }
        return b;
    }
}
