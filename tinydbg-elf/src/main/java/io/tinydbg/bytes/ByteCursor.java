package io.tinydbg.bytes;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked reading position over a slice of a section. Every read that would leave the slice, and every
 * value the caller rejects through {@link #fail}, becomes a {@link MalformedInputException} that carries the
 * source, the section and the offset of the read; parsing code therefore stays linear, with no checks of its own
 * before each read and no stray {@link IndexOutOfBoundsException}.
 *
 * <p>Offsets are reported relative to the start of the section, also for cursors made by {@link #slice}.
 * Not thread-safe: make one cursor per reader; the underlying buffer is never modified.
 */
public final class ByteCursor {
    private final ByteBuffer buf;
    private final String source;
    private final String section;
    private final long sectionOffset;
    private int pos;

    /** A cursor over all of {@code bytes}, which are the whole of {@code section} of {@code source}. */
    public ByteCursor(String source, String section, ByteBuffer bytes) {
        this(source, section, bytes, 0, ByteOrder.LITTLE_ENDIAN);
    }

    private ByteCursor(String source, String section, ByteBuffer bytes, long sectionOffset, ByteOrder order) {
        this.buf = bytes.slice().order(order);
        this.source = source;
        this.section = section;
        this.sectionOffset = sectionOffset;
    }

    /** Same bytes and position, other byte order. */
    public ByteCursor withOrder(ByteOrder order) {
        ByteCursor c = new ByteCursor(source, section, buf, sectionOffset, order);
        c.pos = pos;
        return c;
    }

    /** A new cursor over {@code length} bytes starting at {@code offset} of this one (not its position). */
    public ByteCursor slice(long offset, long length) {
        if (offset < 0 || length < 0 || offset > buf.limit() || length > buf.limit() - offset) {
            throw fail(offset, "range of " + length + " bytes at 0x" + Long.toHexString(offset)
                    + " leaves the " + buf.limit() + "-byte data");
        }
        ByteBuffer sub = buf.duplicate().position((int) offset).limit((int) (offset + length));
        return new ByteCursor(source, section, sub, sectionOffset + offset, buf.order());
    }

    /** A new cursor over the next {@code length} bytes; this cursor moves past them. */
    public ByteCursor take(long length) {
        ByteCursor c = slice(pos, length);
        pos += (int) length;
        return c;
    }

    public String source() {
        return source;
    }

    public String section() {
        return section;
    }

    public ByteOrder order() {
        return buf.order();
    }

    public int position() {
        return pos;
    }

    /** Moves to {@code offset}, which may equal {@link #limit()} (nothing left) but not exceed it. */
    public ByteCursor seek(long offset) {
        if (offset < 0 || offset > buf.limit()) {
            throw fail(offset, "offset 0x" + Long.toHexString(offset) + " is outside the "
                    + buf.limit() + "-byte data");
        }
        pos = (int) offset;
        return this;
    }

    public ByteCursor skip(long count) {
        return seek(pos + count);
    }

    public int limit() {
        return buf.limit();
    }

    public int remaining() {
        return buf.limit() - pos;
    }

    public boolean hasRemaining() {
        return pos < buf.limit();
    }

    /** Offset of the current position within the section, for messages and for section-relative references. */
    public long sectionOffset() {
        return sectionOffset + pos;
    }

    private int advance(int size) {
        if (size > buf.limit() - pos) {
            throw fail("read of " + size + " bytes passes the end (" + remaining() + " left)");
        }
        int at = pos;
        pos += size;
        return at;
    }

    public int u8() {
        return buf.get(advance(1)) & 0xff;
    }

    public byte s8() {
        return buf.get(advance(1));
    }

    public int u16() {
        return buf.getShort(advance(2)) & 0xffff;
    }

    public short s16() {
        return buf.getShort(advance(2));
    }

    /** An unsigned 24-bit value (DWARF's strx3/addrx3). */
    public int u24() {
        int a = u8();
        int b = u8();
        int c = u8();
        return buf.order() == ByteOrder.LITTLE_ENDIAN ? a | b << 8 | c << 16 : a << 16 | b << 8 | c;
    }

    public long u32() {
        return buf.getInt(advance(4)) & 0xffffffffL;
    }

    public int s32() {
        return buf.getInt(advance(4));
    }

    /** A 64-bit value; unsigned in meaning, so compare with {@link Long#compareUnsigned}. */
    public long u64() {
        return buf.getLong(advance(8));
    }

    /** An unsigned value of {@code size} bytes (1, 2, 4 or 8). */
    public long unsigned(int size) {
        switch (size) {
            case 1: return u8();
            case 2: return u16();
            case 4: return u32();
            case 8: return u64();
            default: throw fail("unsupported value size " + size);
        }
    }

    /** A 32-bit u32 that must fit in an int and be non-negative, such as a count or a size used for indexing. */
    public int u32AsInt(String what) {
        long v = u32();
        if (v > Integer.MAX_VALUE) {
            throw fail(pos - 4L, what + " " + v + " is too large");
        }
        return (int) v;
    }

    public long uleb128() {
        long result = 0;
        int shift = 0;
        while (true) {
            int b = u8();
            if (shift < 64) {
                result |= (long) (b & 0x7f) << shift;
            }
            shift += 7;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
    }

    public long sleb128() {
        long result = 0;
        int shift = 0;
        int b;
        do {
            b = u8();
            if (shift < 64) {
                result |= (long) (b & 0x7f) << shift;
            }
            shift += 7;
        } while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0) {
            result |= -1L << shift;
        }
        return result;
    }

    /** A ULEB128 that must fit in a non-negative int (an abbreviation code, a count, a length). */
    public int uleb128AsInt(String what) {
        int at = pos;
        long v = uleb128();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw fail(at, what + " " + Long.toUnsignedString(v) + " is too large");
        }
        return (int) v;
    }

    /** A NUL-terminated UTF-8 string; the cursor moves past the NUL. */
    public String cstring() {
        int start = pos;
        int end = start;
        int limit = buf.limit();
        while (end < limit && buf.get(end) != 0) {
            end++;
        }
        if (end >= limit) {
            throw fail(start, "string is not NUL-terminated");
        }
        pos = end + 1;
        return decode(start, end - start);
    }

    /** The NUL-terminated string at {@code offset}, without moving the cursor. */
    public String cstringAt(long offset) {
        int saved = pos;
        seek(offset);
        try {
            return cstring();
        } finally {
            pos = saved;
        }
    }

    private String decode(int start, int length) {
        byte[] b = new byte[length];
        buf.get(start, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    public byte[] bytes(int count) {
        if (count < 0) {
            throw fail("negative length " + count);
        }
        int at = advance(count);
        byte[] b = new byte[count];
        buf.get(at, b);
        return b;
    }

    /** The whole slice as a read-only buffer with this cursor's byte order (position 0, independent of this). */
    public ByteBuffer buffer() {
        return buf.asReadOnlyBuffer().order(buf.order());
    }

    /** An exception at the current position. */
    public MalformedInputException fail(String problem) {
        return fail(pos, problem);
    }

    /** An exception at {@code offset} within this cursor's slice. */
    public MalformedInputException fail(long offset, String problem) {
        return new MalformedInputException(source, section, sectionOffset + offset, problem);
    }
}
