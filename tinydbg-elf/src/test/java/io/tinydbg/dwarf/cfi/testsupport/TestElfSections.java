package io.tinydbg.dwarf.cfi.testsupport;

import io.tinydbg.dwarf.DwarfSections;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A test-only reader of ELF64 little-endian section headers, so the expression and CFI tests do not depend on the
 * real ELF reader being written in parallel. Decompresses SHF_COMPRESSED zlib sections; nothing else.
 */
public final class TestElfSections implements DwarfSections {
    private static final long SHF_ALLOC = 0x2;
    private static final long SHF_COMPRESSED = 0x800;
    private static final int SHT_NOBITS = 8;

    private record Header(long flags, int type, long address, long offset, long size) {
    }

    private final String source;
    private final ByteBuffer file;
    private final Map<String, Header> headers = new HashMap<>();
    private final Map<String, ByteBuffer> overrides = new HashMap<>();

    private TestElfSections(String source, ByteBuffer file) {
        this.source = source;
        this.file = file.order(ByteOrder.LITTLE_ENDIAN);
        int shoff = (int) this.file.getLong(0x28);
        int shentsize = this.file.getShort(0x3a) & 0xffff;
        int shnum = this.file.getShort(0x3c) & 0xffff;
        int shstrndx = this.file.getShort(0x3e) & 0xffff;
        long strOffset = this.file.getLong(shoff + shstrndx * shentsize + 0x18);
        for (int i = 0; i < shnum; i++) {
            int h = shoff + i * shentsize;
            int nameOff = this.file.getInt(h);
            Header header = new Header(this.file.getLong(h + 8), this.file.getInt(h + 4), this.file.getLong(h + 0x10),
                    this.file.getLong(h + 0x18), this.file.getLong(h + 0x20));
            headers.put(cstring((int) (strOffset + nameOff)), header);
        }
    }

    /** Reads the section headers of the ELF file at {@code path}. */
    public static TestElfSections open(Path path) {
        try {
            return new TestElfSections(path.toString(), ByteBuffer.wrap(Files.readAllBytes(path)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of these sections in which {@code name} has the bytes {@code replacement} (for mutation tests). */
    public TestElfSections withSection(String name, byte[] replacement) {
        TestElfSections copy = new TestElfSections(source, file.duplicate());
        copy.overrides.putAll(overrides);
        copy.overrides.put(name, ByteBuffer.wrap(replacement).asReadOnlyBuffer());
        return copy;
    }

    /** The bytes of {@code name} as an array (empty array if absent). */
    public byte[] bytes(String name) {
        return section(name).map(b -> {
            byte[] a = new byte[b.remaining()];
            b.duplicate().get(a);
            return a;
        }).orElse(new byte[0]);
    }

    private String cstring(int at) {
        int end = at;
        while (file.get(end) != 0) {
            end++;
        }
        byte[] b = new byte[end - at];
        file.get(at, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public String sourceName() {
        return source;
    }

    @Override
    public Optional<ByteBuffer> section(String name) {
        if (overrides.containsKey(name)) {
            return Optional.of(overrides.get(name).duplicate().position(0));
        }
        Header h = headers.get(name);
        if (h == null || h.type() == SHT_NOBITS) {
            return Optional.empty();
        }
        ByteBuffer raw = file.duplicate().position((int) h.offset()).limit((int) (h.offset() + h.size())).slice();
        if ((h.flags() & SHF_COMPRESSED) == 0) {
            return Optional.of(raw.asReadOnlyBuffer());
        }
        raw.order(ByteOrder.LITTLE_ENDIAN);
        if (raw.getInt(0) != 1) {
            throw new IllegalStateException(name + ": only zlib compression is supported in tests");
        }
        byte[] in = new byte[raw.remaining() - 24];
        raw.get(24, in);
        Inflater inflater = new Inflater();
        inflater.setInput(in);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && inflater.needsInput()) {
                    break;
                }
                out.write(buf, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IllegalStateException(e);
        } finally {
            inflater.end();
        }
        return Optional.of(ByteBuffer.wrap(out.toByteArray()).asReadOnlyBuffer());
    }

    @Override
    public OptionalLong sectionAddress(String name) {
        Header h = headers.get(name);
        return h == null || (h.flags() & SHF_ALLOC) == 0 ? OptionalLong.empty() : OptionalLong.of(h.address());
    }
}
