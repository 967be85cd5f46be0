package io.tinydbg.value;

import io.tinydbg.TinydbgException;

/** Memory of the traced process that could not be read (unmapped, or the process is gone). */
public class UnreadableMemoryException extends TinydbgException {
    private static final long serialVersionUID = 1L;

    private final long address;

    public UnreadableMemoryException(long address, int length, String reason) {
        super(String.format("cannot read %d bytes at 0x%x: %s", length, address, reason));
        this.address = address;
    }

    public long address() {
        return address;
    }
}
