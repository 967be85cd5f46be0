package io.tinydbg.dwarf.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes little-endian DWARF encodings, for byte-literal tests of forms compilers here do not emit. */
public final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public int size() {
        return out.size();
    }

    public Bytes u8(int v) {
        out.write(v);
        return this;
    }

    public Bytes u16(int v) {
        return u8(v).u8(v >>> 8);
    }

    public Bytes u24(int v) {
        return u16(v).u8(v >>> 16);
    }

    public Bytes u32(long v) {
        return u16((int) v).u16((int) (v >>> 16));
    }

    public Bytes u64(long v) {
        return u32(v).u32(v >>> 32);
    }

    public Bytes uleb(long v) {
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            u8(v != 0 ? b | 0x80 : b);
        } while (v != 0);
        return this;
    }

    public Bytes sleb(long v) {
        while (true) {
            int b = (int) (v & 0x7f);
            v >>= 7;
            boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
            u8(done ? b : b | 0x80);
            if (done) {
                return this;
            }
        }
    }

    public Bytes cstring(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        return u8(0);
    }

    public Bytes raw(byte... b) {
        out.writeBytes(b);
        return this;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
