package io.tinydbg.uprobe;

import io.tinydbg.TinydbgException;
import io.tinydbg.elf.ElfFile;
import io.tinydbg.elf.ElfSegment;
import java.nio.file.Path;
import java.util.List;

/**
 * Converts between the two ways of naming a probed instruction: the virtual address the ELF file gives it (a
 * symbol's value, an address from the function index, unrelocated) and the file offset a uprobe is registered at.
 * The kernel places uprobes by inode and offset, so one probe covers every process that maps the file, wherever
 * it is loaded.
 */
public final class UprobeAddress {
    private UprobeAddress() {
    }

    /**
     * The file offset of {@code vaddr} (an unrelocated address of {@code elf}), through the PT_LOAD program header
     * that maps it.
     *
     * @throws UprobeException when no executable PT_LOAD segment holds {@code vaddr} in its file bytes, or the file
     *     is not a readable ELF file
     */
    public static long fileOffset(Path elf, long vaddr) {
        for (ElfSegment s : segments(elf)) {
            if (s.isLoad() && s.isExecutable() && within(vaddr - s.vaddr(), s.filesz())) {
                return vaddr - s.vaddr() + s.offset();
            }
        }
        throw new UprobeException("0x" + Long.toHexString(vaddr) + " is in no executable PT_LOAD segment of " + elf);
    }

    /**
     * Checks that {@code fileOffset} lies in the file bytes of an executable PT_LOAD segment. The kernel would
     * accept any offset inside the file, but a uprobe is only ever placed in executable mappings: one anywhere
     * else would silently never fire.
     *
     * @throws UprobeException when it does not, or the file is not a readable ELF file
     */
    static void checkExecutable(Path elf, long fileOffset) {
        for (ElfSegment s : segments(elf)) {
            if (s.isLoad() && s.isExecutable() && within(fileOffset - s.offset(), s.filesz())) {
                return;
            }
        }
        throw new UprobeException("file offset 0x" + Long.toHexString(fileOffset)
                + " is in no executable PT_LOAD segment of " + elf);
    }

    /** 0 <= delta < size, for a delta computed by subtracting a segment's start (negative deltas wrap high). */
    private static boolean within(long delta, long size) {
        return Long.compareUnsigned(delta, size) < 0;
    }

    private static List<ElfSegment> segments(Path elf) {
        try (ElfFile f = ElfFile.open(elf)) {
            return f.segments();
        } catch (TinydbgException e) { // missing, unreadable, not ELF
            throw new UprobeException(e.getMessage(), e);
        }
    }
}
