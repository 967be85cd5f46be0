package io.tinydbg.dwarf.testsupport;

import io.tinydbg.dwarf.DwarfSections;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A split DWARF object ({@code .dwo}) seen under the standard section names, with {@code .debug_addr} taken from
 * the linked binary as a debugger would. Test-only.
 */
public final class DwoSections implements DwarfSections {
    private final FixtureSections dwo;
    private final FixtureSections binary;

    public DwoSections(FixtureSections dwo, FixtureSections binary) {
        this.dwo = dwo;
        this.binary = binary;
    }

    @Override
    public String sourceName() {
        return dwo.sourceName();
    }

    @Override
    public Optional<ByteBuffer> section(String name) {
        Optional<ByteBuffer> own = dwo.section(name + ".dwo");
        return own.isPresent() ? own : binary.section(name);
    }

    @Override
    public OptionalLong sectionAddress(String name) {
        return OptionalLong.empty();
    }
}
