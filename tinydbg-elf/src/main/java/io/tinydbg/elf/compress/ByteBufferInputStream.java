package io.tinydbg.elf.compress;

import java.io.InputStream;
import java.nio.ByteBuffer;

/** Streams a buffer's remaining bytes without copying them first (the buffer is usually a view of a mapped file). */
final class ByteBufferInputStream extends InputStream {
    private final ByteBuffer buf;

    ByteBufferInputStream(ByteBuffer buf) {
        this.buf = buf.duplicate();
    }

    @Override
    public int read() {
        return buf.hasRemaining() ? buf.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (!buf.hasRemaining()) {
            return -1;
        }
        int n = Math.min(len, buf.remaining());
        buf.get(b, off, n);
        return n;
    }

    @Override
    public int available() {
        return buf.remaining();
    }
}
