package io.tinydbg.elf;

import io.tinydbg.bytes.ByteCursor;
import io.tinydbg.bytes.MalformedInputException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Reads the section header table (already checked to lie in the file) and names each section. */
final class SectionTableReader {
    private SectionTableReader() {
    }

    static List<ElfSection> read(String name, ByteBuffer file, ElfHeader h) {
        if (h.shnum() == 0) {
            return List.of();
        }
        ByteCursor table = new ByteCursor(name, "section headers", file.duplicate()
                .position((int) h.shoff()).limit((int) (h.shoff() + (long) h.shnum() * h.shentsize())));
        long[][] raw = new long[h.shnum()][];
        for (int i = 0; i < h.shnum(); i++) {
            table.seek((long) i * h.shentsize());
            raw[i] = new long[] {table.u32(), table.u32(), table.u64(), table.u64(), table.u64(), table.u64(),
                table.u32(), table.u32(), table.u64(), table.u64()};
        }
        ByteCursor names = nameTable(name, file, h, raw);
        List<ElfSection> sections = new ArrayList<>(h.shnum());
        for (int i = 0; i < h.shnum(); i++) {
            long[] r = raw[i];
            String sectionName = "";
            if (names != null && r[0] != 0) {
                if (r[0] >= names.limit()) {
                    throw new MalformedInputException(name, "section headers", (long) i * h.shentsize(),
                            "name offset 0x" + Long.toHexString(r[0]) + " of section " + i
                                    + " is outside the " + names.limit() + "-byte section name table");
                }
                sectionName = names.cstringAt(r[0]);
            }
            sections.add(new ElfSection(i, sectionName, (int) r[1], r[2], r[3], r[4], r[5], (int) r[6],
                    (int) r[7], r[8], r[9]));
        }
        return List.copyOf(sections);
    }

    /** The raw bytes of the section-name string table, or null when the file has none. */
    private static ByteCursor nameTable(String name, ByteBuffer file, ElfHeader h, long[][] raw) {
        if (h.shstrndx() == 0) {
            return null;
        }
        long[] r = raw[h.shstrndx()];
        long offset = r[4];
        long size = r[5];
        if (r[1] == ElfSection.SHT_NOBITS) {
            return null;
        }
        if (offset < 0 || size < 0 || offset > file.limit() || size > file.limit() - offset) {
            throw new MalformedInputException(name, "section headers", (long) h.shstrndx() * h.shentsize(),
                    "section name table (file offset 0x" + Long.toHexString(offset) + ", size 0x"
                            + Long.toHexString(size) + ") lies outside the " + file.limit() + "-byte file");
        }
        return new ByteCursor(name, "section name table", file.duplicate().position((int) offset)
                .limit((int) (offset + size)));
    }
}
