package io.tinydbg.x86;

import io.tinydbg.bytes.MalformedInputException;

/**
 * Bytes that do not form a valid x86-64 instruction, or an instruction cut off by the end of the code. Carries
 * the runtime address the instruction would have had, besides the source, section and offset of the bytes.
 */
public final class DecodeException extends MalformedInputException {
    private static final long serialVersionUID = 1L;

    private final long address;

    public DecodeException(String source, String section, long offset, long address, String problem) {
        super(source, section, offset, "instruction at 0x" + Long.toHexString(address) + ": " + problem);
        this.address = address;
    }

    /** Runtime address of the first byte of the undecodable instruction. */
    public long address() {
        return address;
    }
}
