package io.tinydbg.dwarf.line.testsupport;

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
 * Test-only section provider: reads the section headers of a fixture (ELF64 little-endian only) and hands out
 * section bytes, inflating SHF_COMPRESSED zlib sections. It trusts its input; the real ELF reader lives elsewhere.
 */
public final class ElfFileSections implements DwarfSections {
    private static final long SHF_COMPRESSED = 0x800;

    private final String name;
    private final Map<String, ByteBuffer> sections = new HashMap<>();
    private final Map<String, Long> addresses = new HashMap<>();

    private ElfFileSections(Path file) {
        this.name = file.toString();
        ByteBuffer elf;
        try {
            elf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (elf.getInt(0) != 0x464c457f || elf.get(4) != 2 || elf.get(5) != 1) {
            throw new IllegalArgumentException(file + " is not an ELF64 little-endian file");
        }
        long shoff = elf.getLong(0x28);
        int shentsize = elf.getShort(0x3a) & 0xffff;
        int shnum = elf.getShort(0x3c) & 0xffff;
        int shstrndx = elf.getShort(0x3e) & 0xffff;
        int strtab = (int) elf.getLong((int) (shoff + (long) shstrndx * shentsize + 0x18));
        for (int i = 0; i < shnum; i++) {
            int h = (int) (shoff + (long) i * shentsize);
            String sectionName = cstring(elf, strtab + elf.getInt(h));
            int type = elf.getInt(h + 4);
            long flags = elf.getLong(h + 8);
            long addr = elf.getLong(h + 0x10);
            int offset = (int) elf.getLong(h + 0x18);
            int size = (int) elf.getLong(h + 0x20);
            if (type == 8 /* SHT_NOBITS */) {
                continue;
            }
            ByteBuffer bytes = elf.duplicate().position(offset).limit(offset + size).slice()
                    .order(ByteOrder.LITTLE_ENDIAN);
            if ((flags & SHF_COMPRESSED) != 0) {
                bytes = inflate(bytes, sectionName);
            }
            sections.put(sectionName, bytes.asReadOnlyBuffer());
            if (addr != 0) {
                addresses.put(sectionName, addr);
            }
        }
    }

    /** The sections of the ELF file at {@code file}. */
    public static ElfFileSections open(Path file) {
        return new ElfFileSections(file);
    }

    /** A provider with the same sections except {@code .debug_line}, replaced by {@code debugLine}. */
    public DwarfSections withDebugLine(ByteBuffer debugLine) {
        ElfFileSections outer = this;
        return new DwarfSections() {
            @Override
            public String sourceName() {
                return outer.name + " (mutated)";
            }

            @Override
            public Optional<ByteBuffer> section(String n) {
                return n.equals(".debug_line") ? Optional.of(debugLine.duplicate()) : outer.section(n);
            }

            @Override
            public OptionalLong sectionAddress(String n) {
                return outer.sectionAddress(n);
            }
        };
    }

    private static ByteBuffer inflate(ByteBuffer compressed, String sectionName) {
        int type = compressed.getInt(0);
        if (type != 1) {
            throw new IllegalArgumentException(sectionName + ": compression type " + type + " (only zlib here)");
        }
        long size = compressed.getLong(8);
        byte[] in = new byte[compressed.limit() - 24];
        compressed.get(24, in);
        Inflater inflater = new Inflater();
        inflater.setInput(in);
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) size);
        byte[] chunk = new byte[65536];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException(sectionName + ": truncated zlib stream");
                }
                out.write(chunk, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IllegalArgumentException(sectionName + ": " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
        return ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static String cstring(ByteBuffer b, int at) {
        int end = at;
        while (b.get(end) != 0) {
            end++;
        }
        byte[] s = new byte[end - at];
        b.get(at, s);
        return new String(s, StandardCharsets.UTF_8);
    }

    @Override
    public String sourceName() {
        return name;
    }

    @Override
    public Optional<ByteBuffer> section(String sectionName) {
        ByteBuffer b = sections.get(sectionName);
        return b == null ? Optional.empty() : Optional.of(b.duplicate().order(ByteOrder.LITTLE_ENDIAN));
    }

    @Override
    public OptionalLong sectionAddress(String sectionName) {
        Long a = addresses.get(sectionName);
        return a == null ? OptionalLong.empty() : OptionalLong.of(a);
    }
}
