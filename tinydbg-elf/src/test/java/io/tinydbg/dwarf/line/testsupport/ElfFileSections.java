package io.tinydbg.dwarf.line.testsupport;

import io.tinydbg.dwarf.DwarfSections;
import io.tinydbg.testing.ElfSections;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/** The line-table tests' view of a fixture: {@link ElfSections}, with the names these tests were written against. */
public final class ElfFileSections implements DwarfSections {
    private final ElfSections sections;

    private ElfFileSections(ElfSections sections) {
        this.sections = sections;
    }

    /** The sections of the ELF file at {@code file}. */
    public static ElfFileSections open(Path file) {
        return new ElfFileSections(ElfSections.open(file));
    }

    /** A provider with the same sections except {@code .debug_line}, replaced by {@code debugLine}. */
    public DwarfSections withDebugLine(ByteBuffer debugLine) {
        return sections.with(".debug_line", debugLine);
    }

    @Override
    public String sourceName() {
        return sections.sourceName();
    }

    @Override
    public Optional<ByteBuffer> section(String name) {
        return sections.section(name);
    }

    @Override
    public OptionalLong sectionAddress(String name) {
        return sections.sectionAddress(name);
    }
}
