package io.tinydbg.elf;

import io.tinydbg.bytes.ByteCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads one {@code SHT_SYMTAB} or {@code SHT_DYNSYM} section into symbols, names split from their versions. */
final class SymbolTableReader {
    private static final int SYM_SIZE = 24;

    private SymbolTableReader() {
    }

    /**
     * @param versions the version of each symbol index from {@code .gnu.version}, or null when there is none
     */
    static List<ElfSymbol> read(ElfFile elf, ElfSection table, SymbolVersions versions) {
        ByteCursor data = elf.cursor(table);
        if (table.entsize() != 0 && table.entsize() != SYM_SIZE) {
            throw data.fail(0, "symbol entry size " + table.entsize() + " is not " + SYM_SIZE);
        }
        ByteCursor strings = elf.cursor(elf.linkedSection(table, "string table"));
        ByteCursor extendedIndexes = extendedIndexes(elf, table);
        int count = data.limit() / SYM_SIZE;
        List<ElfSymbol> symbols = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long nameOffset = data.u32();
            int info = data.u8();
            int other = data.u8();
            int shndx = data.u16();
            long value = data.u64();
            long size = data.u64();
            if (shndx == ElfSymbol.SHN_XINDEX && extendedIndexes != null) {
                shndx = extendedIndexes.seek(4L * i).s32();
            }
            String fullName = nameOffset == 0 ? "" : strings.cstringAt(nameOffset);
            String name = fullName;
            Optional<String> version = Optional.empty();
            int at = fullName.indexOf('@', 1);
            if (at > 0) {
                name = fullName.substring(0, at);
                String v = fullName.substring(fullName.startsWith("@", at + 1) ? at + 2 : at + 1);
                version = v.isEmpty() ? Optional.empty() : Optional.of(v);
            }
            if (versions != null) {
                Optional<String> fromTable = versions.versionOf(i);
                if (fromTable.isPresent()) {
                    version = fromTable;
                }
            }
            symbols.add(new ElfSymbol(name, version, value, size, info & 0xf, info >>> 4, shndx, other));
        }
        return List.copyOf(symbols);
    }

    /** The {@code SHT_SYMTAB_SHNDX} section that extends {@code table}'s section indexes, if any. */
    private static ByteCursor extendedIndexes(ElfFile elf, ElfSection table) {
        for (ElfSection s : elf.sections()) {
            if (s.type() == ElfSection.SHT_SYMTAB_SHNDX && s.link() == table.index()) {
                return elf.cursor(s);
            }
        }
        return null;
    }
}
