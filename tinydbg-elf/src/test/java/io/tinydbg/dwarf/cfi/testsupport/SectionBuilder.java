package io.tinydbg.dwarf.cfi.testsupport;

import java.io.ByteArrayOutputStream;

/** Writes little-endian section bytes by hand, for CFI inputs that no compiler here emits. */
public final class SectionBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public int position() {
        return out.size();
    }

    public SectionBuilder u8(int... values) {
        for (int v : values) {
            out.write(v);
        }
        return this;
    }

    public SectionBuilder u16(int v) {
        return u8(v & 0xff, v >>> 8 & 0xff);
    }

    public SectionBuilder u32(long v) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (v >>> (8 * i)));
        }
        return this;
    }

    public SectionBuilder u64(long v) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (v >>> (8 * i)));
        }
        return this;
    }

    public SectionBuilder uleb(long v) {
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
        return this;
    }

    public SectionBuilder sleb(long v) {
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

    public SectionBuilder cstring(String s) {
        out.writeBytes(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.write(0);
        return this;
    }

    public SectionBuilder bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
