package io.tinydbg.dwarf.cfi.testsupport;

import io.tinydbg.dwarf.DwarfSections;
import io.tinydbg.testing.ElfSections;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/** The CFI and expression tests' view of a fixture: {@link ElfSections}, with the names they were written against. */
public final class TestElfSections implements DwarfSections {
    private final ElfSections sections;

    private TestElfSections(ElfSections sections) {
        this.sections = sections;
    }

    public static TestElfSections open(Path path) {
        return new TestElfSections(ElfSections.open(path));
    }

    /** A copy of these sections in which {@code name} has the bytes {@code replacement} (for mutation tests). */
    public TestElfSections withSection(String name, byte[] replacement) {
        return new TestElfSections(sections.with(name, ByteBuffer.wrap(replacement).asReadOnlyBuffer()));
    }

    /** The bytes of {@code name} as an array (empty array if absent). */
    public byte[] bytes(String name) {
        byte[] b = sections.bytes(name);
        return b == null ? new byte[0] : b;
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
