package io.tinydbg.dwarf.testsupport;

import io.tinydbg.dwarf.DwarfSections;
import io.tinydbg.testing.ElfSections;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/** The DWARF tests' view of a fixture: {@link ElfSections}, with the names these tests were written against. */
public final class FixtureSections implements DwarfSections {
    private final ElfSections sections;

    private FixtureSections(ElfSections sections) {
        this.sections = sections;
    }

    /** Reads the sections of the ELF file {@code path}. */
    public static FixtureSections read(Path path) {
        return new FixtureSections(ElfSections.open(path));
    }

    /** The same sections with {@code name} replaced by {@code bytes}. */
    public FixtureSections with(String name, byte[] bytes) {
        return new FixtureSections(sections.with(name, ByteBuffer.wrap(bytes)));
    }

    /** A copy of section {@code name}'s bytes, or null. */
    public byte[] bytes(String name) {
        return sections.bytes(name);
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
