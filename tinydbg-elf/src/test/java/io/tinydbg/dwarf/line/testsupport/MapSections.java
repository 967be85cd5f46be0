package io.tinydbg.dwarf.line.testsupport;

import io.tinydbg.dwarf.DwarfSections;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Test-only section provider over byte arrays built by hand. */
public final class MapSections implements DwarfSections {
    private final String name;
    private final Map<String, byte[]> sections = new HashMap<>();

    public MapSections(String name) {
        this.name = name;
    }

    public MapSections with(String section, byte[] bytes) {
        sections.put(section, bytes);
        return this;
    }

    @Override
    public String sourceName() {
        return name;
    }

    @Override
    public Optional<ByteBuffer> section(String section) {
        byte[] b = sections.get(section);
        return b == null ? Optional.empty() : Optional.of(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN));
    }

    @Override
    public OptionalLong sectionAddress(String section) {
        return OptionalLong.empty();
    }
}
