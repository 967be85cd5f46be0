package io.tinydbg.value;

/**
 * Reads the traced process's memory for value decoding. Implementations throw {@link UnreadableMemoryException}
 * when the range is not mapped or cannot be read, so a bad pointer becomes an {@link Value.Unreadable} part of a
 * value, never a failed event.
 */
@FunctionalInterface
public interface MemoryReader {
    /** Exactly {@code length} bytes at {@code address}. */
    byte[] read(long address, int length);
}
