package io.tinydbg.dwarf.cfi;

/**
 * Reads the target's memory for the unwinder. Implementations throw a {@link io.tinydbg.TinydbgException} when
 * the address is unreadable.
 */
@FunctionalInterface
public interface MemoryReader {
    /** The little-endian 64-bit word at {@code address}. */
    long readLong(long address);
}
