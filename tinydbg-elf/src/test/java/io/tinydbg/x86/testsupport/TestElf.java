package io.tinydbg.x86.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A deliberately tiny ELF64 little-endian reader for the decoder's tests only: section headers by name and the
 * FUNC symbols of {@code .symtab} (or {@code .dynsym} when stripped). The real ELF reader lives elsewhere; this one
 * trusts its input (test fixtures and the system's libc) and checks nothing.
 */
public final class TestElf {
    /** A section's name, runtime address, file offset and size. */
    public record Section(String name, long address, long offset, long size) {
    }

    /** A defined function symbol with a nonzero size. */
    public record Function(String name, long address, long size) {
    }

    private final Path path;
    private final ByteBuffer file;
    private final List<Section> sections = new ArrayList<>();
    private final List<Integer> types = new ArrayList<>();
    private final List<Integer> links = new ArrayList<>();

    private TestElf(Path path, ByteBuffer file) {
        this.path = path;
        this.file = file;
        long shoff = file.getLong(0x28);
        int shentsize = file.getShort(0x3a) & 0xffff;
        int shnum = file.getShort(0x3c) & 0xffff;
        int shstrndx = file.getShort(0x3e) & 0xffff;
        long strOffset = file.getLong((int) (shoff + (long) shstrndx * shentsize + 0x18));
        for (int i = 0; i < shnum; i++) {
            int h = (int) (shoff + (long) i * shentsize);
            String name = cstring((int) (strOffset + file.getInt(h)));
            types.add(file.getInt(h + 4));
            links.add(file.getInt(h + 0x28));
            sections.add(new Section(name, file.getLong(h + 0x10), file.getLong(h + 0x18), file.getLong(h + 0x20)));
        }
    }

    /** Reads the whole file (fine for the few MB of a test binary). */
    public static TestElf open(Path path) {
        try {
            return new TestElf(path, ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path() {
        return path;
    }

    public Optional<Section> section(String name) {
        return sections.stream().filter(s -> s.name.equals(name)).findFirst();
    }

    /** The bytes of a section, as a buffer whose index 0 is the section's first byte. */
    public ByteBuffer bytes(Section s) {
        return file.duplicate().position((int) s.offset).limit((int) (s.offset + s.size)).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Sized FUNC symbols inside {@code within}, from .symtab, else .dynsym. */
    public List<Function> functions(Section within) {
        int symtab = indexOfType(2);
        if (symtab < 0) {
            symtab = indexOfType(11);
        }
        List<Function> out = new ArrayList<>();
        if (symtab < 0) {
            return out;
        }
        Section sym = sections.get(symtab);
        Section str = sections.get(links.get(symtab));
        for (long e = sym.offset; e + 24 <= sym.offset + sym.size; e += 24) {
            int at = (int) e;
            int info = file.get(at + 4) & 0xff;
            int shndx = file.getShort(at + 6) & 0xffff;
            long value = file.getLong(at + 8);
            long size = file.getLong(at + 16);
            if ((info & 0xf) == 2 && shndx != 0 && size > 0 && value >= within.address
                    && value + size <= within.address + within.size) {
                out.add(new Function(cstring((int) (str.offset + file.getInt(at))), value, size));
            }
        }
        return out;
    }

    private int indexOfType(int type) {
        return types.indexOf(type);
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
}
