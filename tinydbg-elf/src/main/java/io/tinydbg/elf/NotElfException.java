package io.tinydbg.elf;

import io.tinydbg.bytes.MalformedInputException;

/** The file does not start with the ELF magic bytes. */
public class NotElfException extends MalformedInputException {
    private static final long serialVersionUID = 1L;

    public NotElfException(String source) {
        super(source, "ELF header", 0, "not an ELF file");
    }
}
