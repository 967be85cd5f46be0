package io.tinydbg;

/**
 * The program to trace is not one tinydbg can trace: not an ELF file (a script, a text file), or an ELF file for
 * another architecture or of another kind (32-bit, big-endian, a relocatable object, a core dump). The message
 * says which and what the file is.
 */
public class UnsupportedTargetException extends TinydbgException {
    private static final long serialVersionUID = 1L;

    public UnsupportedTargetException(String message) {
        super(message);
    }
}
