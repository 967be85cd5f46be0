package io.tinydbg.elf;

import io.tinydbg.bytes.MalformedInputException;

/** A well-formed ELF file of a kind tinydbg does not read: ELF32, big-endian, an unknown version, over 2 GiB. */
public class UnsupportedElfException extends MalformedInputException {
    private static final long serialVersionUID = 1L;

    public UnsupportedElfException(String source, long offset, String problem) {
        super(source, "ELF header", offset, problem);
    }
}
