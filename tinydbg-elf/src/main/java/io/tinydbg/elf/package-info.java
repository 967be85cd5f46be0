/**
 * A memory-mapped reader of ELF64 little-endian files (x86-64 and aarch64): headers, sections with transparent
 * decompression, segments, symbol tables with versions, the dynamic section, notes, {@code .gnu_debuglink},
 * MiniDebugInfo and the search for separate debug files. Start at {@link io.tinydbg.elf.ElfFile}.
 */
package io.tinydbg.elf;
