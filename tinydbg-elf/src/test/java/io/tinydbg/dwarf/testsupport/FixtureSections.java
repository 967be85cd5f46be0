package io.tinydbg.dwarf.testsupport;

import io.tinydbg.bytes.ByteCursor;
import io.tinydbg.bytes.MalformedInputException;
import io.tinydbg.dwarf.DwarfSections;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A test-only {@link DwarfSections} over a little-endian ELF64 fixture: just the section headers and names, with
 * SHF_COMPRESSED zlib sections inflated. It stands in for the real ELF reader, written elsewhere, so the DWARF
 * tests depend on nothing but the DWARF code. Also builds providers from modified section bytes for fuzzing.
 */
public final class FixtureSections implements DwarfSections {
    private static final long SHF_COMPRESSED = 0x800;
    private static final int ELFCOMPRESS_ZLIB = 1;

    private final String source;
    private final Map<String, ByteBuffer> sections;
    private final Map<String, Long> addresses;

    private FixtureSections(String source, Map<String, ByteBuffer> sections, Map<String, Long> addresses) {
        this.source = source;
        this.sections = sections;
        this.addresses = addresses;
    }

    /** Reads every section of the ELF file {@code path}. */
    public static FixtureSections read(Path path) {
        try {
            return parse(path.toString(), Files.readAllBytes(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same sections with {@code name} replaced by {@code bytes}. */
    public FixtureSections with(String name, byte[] bytes) {
        Map<String, ByteBuffer> copy = new HashMap<>(sections);
        copy.put(name, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        return new FixtureSections(source + "(modified)", copy, addresses);
    }

    /** A copy of section {@code name}'s bytes, or null. */
    public byte[] bytes(String name) {
        ByteBuffer b = sections.get(name);
        if (b == null) {
            return null;
        }
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static FixtureSections parse(String source, byte[] file) {
        ByteCursor c = new ByteCursor(source, null, ByteBuffer.wrap(file));
        if (c.u32() != 0x464c457fL || c.u8() != 2 || c.u8() != 1) {
            throw c.fail(0, "not a little-endian ELF64 file");
        }
        c.seek(0x28);
        long shoff = c.u64();
        c.seek(0x3a);
        int shentsize = c.u16();
        int shnum = c.u16();
        int shstrndx = c.u16();
        long[][] headers = new long[shnum][];
        for (int i = 0; i < shnum; i++) {
            c.seek(shoff + (long) i * shentsize);
            long name = c.u32();
            long type = c.u32();
            long flags = c.u64();
            long addr = c.u64();
            long offset = c.u64();
            long size = c.u64();
            headers[i] = new long[] {name, type, flags, addr, offset, size};
        }
        ByteCursor names = c.slice(headers[shstrndx][4], headers[shstrndx][5]);
        Map<String, ByteBuffer> sections = new HashMap<>();
        Map<String, Long> addresses = new HashMap<>();
        for (long[] h : headers) {
            String name = names.cstringAt(h[0]);
            if (h[1] == 8 /* SHT_NOBITS */ || name.isEmpty()) {
                continue;
            }
            ByteCursor data = c.slice(h[4], h[5]);
            ByteBuffer bytes = (h[2] & SHF_COMPRESSED) != 0 ? inflate(data, name) : data.buffer();
            sections.put(name, bytes);
            if (h[3] != 0) {
                addresses.put(name, h[3]);
            }
        }
        return new FixtureSections(source, sections, addresses);
    }

    private static ByteBuffer inflate(ByteCursor data, String name) {
        int type = (int) data.u32();
        data.u32();
        long size = data.u64();
        data.u64();
        if (type != ELFCOMPRESS_ZLIB || size > Integer.MAX_VALUE) {
            throw data.fail(0, "unsupported compression " + type + " of " + name);
        }
        byte[] in = data.bytes(data.remaining());
        Inflater inflater = new Inflater();
        inflater.setInput(in);
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) size);
        byte[] buf = new byte[65536];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new MalformedInputException(data.source(), name, 0, "truncated zlib stream");
                }
                out.write(buf, 0, n);
            }
        } catch (DataFormatException e) {
            throw new MalformedInputException(data.source(), name, 0, "bad zlib stream", e);
        } finally {
            inflater.end();
        }
        return ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public String sourceName() {
        return source;
    }

    @Override
    public Optional<ByteBuffer> section(String name) {
        ByteBuffer b = sections.get(name);
        return b == null ? Optional.empty() : Optional.of(b.duplicate().position(0).order(ByteOrder.LITTLE_ENDIAN));
    }

    @Override
    public OptionalLong sectionAddress(String name) {
        Long a = addresses.get(name);
        return a == null ? OptionalLong.empty() : OptionalLong.of(a);
    }
}
