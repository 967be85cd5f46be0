package io.tinydbg.elf;

import io.tinydbg.dwarf.DwarfSections;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Hands an ELF file's sections to the DWARF reader by their standard names: {@code .debug_info} is found as
 * {@code .debug_info} or as legacy {@code .zdebug_info}, always decompressed. Sections without file bytes
 * ({@code SHT_NOBITS}, as in files stripped with {@code --only-keep-debug}) count as absent.
 */
final class ElfDwarfSections implements DwarfSections {
    private final ElfFile elf;

    ElfDwarfSections(ElfFile elf) {
        this.elf = elf;
    }

    @Override
    public String sourceName() {
        return elf.name();
    }

    @Override
    public Optional<ByteBuffer> section(String name) {
        return find(name).filter(s -> !s.isNoBits()).map(elf::sectionData);
    }

    @Override
    public OptionalLong sectionAddress(String name) {
        Optional<ElfSection> s = find(name).filter(ElfSection::isAlloc);
        return s.isPresent() ? OptionalLong.of(s.get().addr()) : OptionalLong.empty();
    }

    private Optional<ElfSection> find(String name) {
        Optional<ElfSection> s = elf.section(name);
        if (s.isEmpty() && name.startsWith(".debug_")) {
            s = elf.section(".zdebug_" + name.substring(".debug_".length()));
        }
        return s;
    }

    @Override
    public String toString() {
        return "DWARF sections of " + elf.name();
    }
}
