package io.tinydbg.elf;

/** The contents of {@code .gnu_debuglink}: the separate debug file's base name and the CRC32 of its bytes. */
public record DebugLink(String fileName, long crc32) {
}
