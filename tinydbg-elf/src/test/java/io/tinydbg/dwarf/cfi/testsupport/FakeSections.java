package io.tinydbg.dwarf.cfi.testsupport;

import io.tinydbg.dwarf.DwarfSections;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Sections given by hand: name to bytes and, for loaded sections, an address. */
public final class FakeSections implements DwarfSections {
    private final Map<String, byte[]> bytes = new HashMap<>();
    private final Map<String, Long> addresses = new HashMap<>();

    public FakeSections with(String name, byte[] data, long address) {
        bytes.put(name, data);
        addresses.put(name, address);
        return this;
    }

    public FakeSections with(String name, byte[] data) {
        bytes.put(name, data);
        return this;
    }

    public FakeSections address(String name, long address) {
        addresses.put(name, address);
        return this;
    }

    @Override
    public String sourceName() {
        return "synthetic";
    }

    @Override
    public Optional<ByteBuffer> section(String name) {
        return Optional.ofNullable(bytes.get(name)).map(b -> ByteBuffer.wrap(b).asReadOnlyBuffer());
    }

    @Override
    public OptionalLong sectionAddress(String name) {
        Long a = addresses.get(name);
        return a == null ? OptionalLong.empty() : OptionalLong.of(a);
    }
}
