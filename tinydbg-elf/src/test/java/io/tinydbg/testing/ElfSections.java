package io.tinydbg.testing;

import io.tinydbg.dwarf.DwarfSections;
import io.tinydbg.elf.ElfFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The sections of a fixture binary for the DWARF tests, read with the library's own ELF reader, with any section
 * replaceable by other bytes (for mutation tests). Section order, compression and addresses are ElfFile's.
 */
public final class ElfSections implements DwarfSections {
    private final String source;
    private final DwarfSections file;
    private final Map<String, ByteBuffer> overrides;

    private ElfSections(String source, DwarfSections file, Map<String, ByteBuffer> overrides) {
        this.source = source;
        this.file = file;
        this.overrides = overrides;
    }

    /** The sections of the ELF file at {@code path} (the mapping lives as long as the test JVM). */
    public static ElfSections open(Path path) {
        return new ElfSections(path.toString(), ElfFile.open(path).dwarfSections(), Map.of());
    }

    /** The same sections with {@code name} replaced by {@code bytes}. */
    public ElfSections with(String name, ByteBuffer bytes) {
        Map<String, ByteBuffer> copy = new HashMap<>(overrides);
        copy.put(name, bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN));
        return new ElfSections(source + " (modified)", file, copy);
    }

    /** A copy of section {@code name}'s bytes, or null when there is none. */
    public byte[] bytes(String name) {
        return section(name).map(b -> {
            byte[] a = new byte[b.remaining()];
            b.duplicate().get(a);
            return a;
        }).orElse(null);
    }

    @Override
    public String sourceName() {
        return source;
    }

    @Override
    public Optional<ByteBuffer> section(String name) {
        ByteBuffer b = overrides.get(name);
        if (b != null) {
            return Optional.of(b.duplicate().position(0).order(ByteOrder.LITTLE_ENDIAN));
        }
        return file.section(name).map(s -> s.duplicate().order(ByteOrder.LITTLE_ENDIAN));
    }

    @Override
    public OptionalLong sectionAddress(String name) {
        return file.sectionAddress(name);
    }
}
