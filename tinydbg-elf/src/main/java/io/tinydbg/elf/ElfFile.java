package io.tinydbg.elf;

import io.tinydbg.TinydbgException;
import io.tinydbg.bytes.ByteCursor;
import io.tinydbg.bytes.MalformedInputException;
import io.tinydbg.dwarf.DwarfSections;
import io.tinydbg.elf.compress.CompressionLimits;
import io.tinydbg.elf.compress.Decompressors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ELF64 little-endian file (x86-64, aarch64; executables, PIEs, shared objects, relocatable objects).
 *
 * <p>The file is memory-mapped, never copied to the heap; the header and the section table are read when the
 * file is opened, everything else on first use and then kept: each section is decompressed at most once. Every
 * malformation becomes a {@link MalformedInputException} (or {@link NotElfException},
 * {@link UnsupportedElfException}) naming the file, the section and the offset. Safe for use from several threads.
 */
public final class ElfFile implements AutoCloseable {
    private final String name;
    private final Optional<Path> path;
    private final long maxDecompressed;
    private final ElfHeader header;
    private final List<ElfSection> sections;
    private final Map<String, ElfSection> sectionsByName;
    private final ByteBuffer[] sectionCache;
    private final Lazy<List<ElfSegment>> segments = new Lazy<>(this::readSegments);
    private final Lazy<List<ElfSymbol>> symbols = new Lazy<>(() -> readSymbols(ElfSection.SHT_SYMTAB));
    private final Lazy<List<ElfSymbol>> dynamicSymbols = new Lazy<>(() -> readSymbols(ElfSection.SHT_DYNSYM));
    private final Lazy<List<DynamicEntry>> dynamic = new Lazy<>(this::readDynamic);
    private final Lazy<List<ElfNote>> notes = new Lazy<>(this::readNotes);
    private final Lazy<Optional<ElfFile>> miniDebugInfo = new Lazy<>(this::readMiniDebugInfo);
    private volatile ByteBuffer file;

    private ElfFile(String name, Optional<Path> path, ByteBuffer file) {
        this.name = name;
        this.path = path;
        this.file = file;
        this.maxDecompressed = CompressionLimits.maxOutput(file.limit());
        this.header = HeaderReader.read(name, file);
        this.sections = SectionTableReader.read(name, file, header);
        Map<String, ElfSection> byName = new LinkedHashMap<>();
        for (ElfSection s : sections) {
            byName.putIfAbsent(s.name(), s);
        }
        this.sectionsByName = byName;
        this.sectionCache = new ByteBuffer[sections.size()];
    }

    /**
     * Maps {@code path} read-only and reads its headers.
     *
     * @throws TinydbgException when the file cannot be read (missing, a directory, no permission)
     * @throws MalformedInputException when it is not a readable ELF64 little-endian file
     */
    public static ElfFile open(Path path) {
        String name = path.toString();
        ByteBuffer mapped;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > CompressionLimits.ARRAY_MAX) {
                throw new UnsupportedElfException(name, 0, "files over 2 GiB are not supported (" + size
                        + " bytes)");
            }
            // The mapping stays valid after the channel is closed and is released when no buffer refers to it.
            mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
        } catch (IOException e) {
            throw new TinydbgException("cannot read " + name + ": " + describe(e), e);
        }
        return new ElfFile(name, Optional.of(path), mapped.order(ByteOrder.LITTLE_ENDIAN));
    }

    /** Reads an ELF image held in memory (MiniDebugInfo, tests); {@code name} appears in messages. */
    public static ElfFile fromBytes(String name, ByteBuffer bytes) {
        return new ElfFile(name, Optional.empty(), bytes.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN));
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** The path (or the name given to {@link #fromBytes}), for messages. */
    public String name() {
        return name;
    }

    /** The file's path; empty for in-memory images. */
    public Optional<Path> path() {
        return path;
    }

    /** Size of the whole file in bytes. */
    public long size() {
        return data().limit();
    }

    public ElfHeader header() {
        return header;
    }

    /** Every section header in file order, index 0 (the null section) included, as {@code readelf -S} lists them. */
    public List<ElfSection> sections() {
        return sections;
    }

    /** The first section named {@code name}. */
    public Optional<ElfSection> section(String name) {
        return Optional.ofNullable(sectionsByName.get(name));
    }

    /** Whether the Go toolchain linked this file (it writes {@code .go.buildinfo} and {@code .gopclntab}). */
    public boolean isGo() {
        return section(".go.buildinfo").isPresent() || section(".gopclntab").isPresent();
    }

    /**
     * The section's bytes, decompressed when it is {@code SHF_COMPRESSED} (zlib or zstd) or a legacy
     * {@code .zdebug_*} section; empty for {@code SHT_NOBITS}. Decoded on first use and kept. The result is a
     * read-only little-endian buffer at position 0, independent of other callers' buffers.
     *
     * @throws IllegalArgumentException when {@code s} is not a section of this file
     */
    public ByteBuffer sectionData(ElfSection s) {
        if (s.index() < 0 || s.index() >= sections.size() || !sections.get(s.index()).equals(s)) {
            throw new IllegalArgumentException(s + " is not a section of " + name);
        }
        ByteBuffer data;
        synchronized (sectionCache) {
            data = sectionCache[s.index()];
            if (data == null) {
                data = decode(s);
                sectionCache[s.index()] = data;
            }
        }
        return data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A bounds-checked cursor over {@link #sectionData}, whose errors name this file and the section. */
    public ByteCursor cursor(ElfSection s) {
        return new ByteCursor(name, sectionLabel(s), sectionData(s));
    }

    /** The section's bytes as stored in the file (still compressed); empty for {@code SHT_NOBITS}. */
    public ByteBuffer rawSectionData(ElfSection s) {
        if (s.isNoBits()) {
            return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
        }
        ByteBuffer f = data();
        long offset = s.offset();
        long size = s.size();
        if (offset < 0 || size < 0 || offset > f.limit() || size > f.limit() - offset) {
            throw new MalformedInputException(name, sectionLabel(s), 0, "section data (file offset 0x"
                    + Long.toHexString(offset) + ", size 0x" + Long.toHexString(size) + ") lies outside the "
                    + f.limit() + "-byte file");
        }
        return f.duplicate().position((int) offset).limit((int) (offset + size)).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    private ByteBuffer decode(ElfSection s) {
        ByteBuffer raw = rawSectionData(s);
        String label = sectionLabel(s);
        if (s.isNoBits()) {
            return raw;
        }
        if (s.isCompressed()) {
            // Elf64_Chdr: ch_type, ch_reserved (u32), ch_size, ch_addralign (u64), then the compressed stream.
            ByteCursor c = new ByteCursor(name, label, raw);
            int type = c.s32();
            c.u32();
            long size = c.u64();
            c.u64();
            ByteBuffer stream = raw.duplicate().position(24).slice();
            switch (type) {
                case 1: return Decompressors.zlib(stream, size, maxDecompressed, name, label, 24);
                case 2: return Decompressors.zstd(stream, size, maxDecompressed, name, label, 24);
                default: throw c.fail(0, "unknown compression type " + type);
            }
        }
        if (s.name().startsWith(".zdebug_") && raw.limit() >= 12 && raw.get(0) == 'Z' && raw.get(1) == 'L'
                && raw.get(2) == 'I' && raw.get(3) == 'B') {
            // Legacy GNU form: "ZLIB", the uncompressed size as 8 big-endian bytes, then a zlib stream.
            long size = raw.order(ByteOrder.BIG_ENDIAN).getLong(4);
            raw.order(ByteOrder.LITTLE_ENDIAN);
            return Decompressors.zlib(raw.duplicate().position(12).slice(), size, maxDecompressed, name, label, 12);
        }
        return raw;
    }

    /** The section's name for messages ("section 7" when it has none). */
    static String sectionLabel(ElfSection s) {
        return s.name().isEmpty() ? "section " + s.index() : s.name();
    }

    /** The section {@code s.link()} refers to, which must exist. */
    ElfSection linkedSection(ElfSection s, String what) {
        if (s.link() <= 0 || s.link() >= sections.size()) {
            throw new MalformedInputException(name, sectionLabel(s), 0, what + " link " + s.link()
                    + " is not a section index (" + sections.size() + " sections)");
        }
        return sections.get(s.link());
    }

    /** Program headers, as {@code readelf -l} lists them. */
    public List<ElfSegment> segments() {
        return segments.get();
    }

    private List<ElfSegment> readSegments() {
        ByteBuffer f = data();
        if (header.phnum() == 0) {
            return List.of();
        }
        HeaderReader.checkTable(name, f.limit(), header.phoff(), header.phnum(), header.phentsize(),
                HeaderReader.PHDR_SIZE, "program headers");
        ByteCursor c = new ByteCursor(name, "program headers", f.duplicate().position((int) header.phoff())
                .limit((int) (header.phoff() + (long) header.phnum() * header.phentsize())));
        List<ElfSegment> result = new ArrayList<>(header.phnum());
        for (int i = 0; i < header.phnum(); i++) {
            c.seek((long) i * header.phentsize());
            result.add(new ElfSegment(c.s32(), c.s32(), c.u64(), c.u64(), c.u64(), c.u64(), c.u64(), c.u64()));
        }
        return List.copyOf(result);
    }

    /** The file bytes of a segment (its {@code p_filesz} bytes at {@code p_offset}). */
    public ByteBuffer segmentData(ElfSegment seg) {
        ByteBuffer f = data();
        if (seg.offset() < 0 || seg.filesz() < 0 || seg.offset() > f.limit()
                || seg.filesz() > f.limit() - seg.offset()) {
            throw new MalformedInputException(name, "program headers", 0, "segment (file offset 0x"
                    + Long.toHexString(seg.offset()) + ", size 0x" + Long.toHexString(seg.filesz())
                    + ") lies outside the " + f.limit() + "-byte file");
        }
        return f.duplicate().position((int) seg.offset()).limit((int) (seg.offset() + seg.filesz())).slice()
                .asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The symbols of {@code .symtab} (the first {@code SHT_SYMTAB} section), index 0 included; empty if none. */
    public List<ElfSymbol> symbols() {
        return symbols.get();
    }

    /** The symbols of {@code .dynsym} with their GNU versions, index 0 included; empty if none. */
    public List<ElfSymbol> dynamicSymbols() {
        return dynamicSymbols.get();
    }

    private List<ElfSymbol> readSymbols(int type) {
        for (ElfSection s : sections) {
            if (s.type() == type) {
                SymbolVersions versions = type == ElfSection.SHT_DYNSYM ? SymbolVersions.of(this, s) : null;
                return SymbolTableReader.read(this, s, versions);
            }
        }
        return List.of();
    }

    /** The entries of the dynamic section up to (not including) {@code DT_NULL}; empty for static files. */
    public List<DynamicEntry> dynamic() {
        return dynamic.get();
    }

    private List<DynamicEntry> readDynamic() {
        ByteCursor c = dynamicCursor();
        if (c == null) {
            return List.of();
        }
        List<DynamicEntry> result = new ArrayList<>();
        while (c.remaining() >= 16) {
            long tag = c.u64();
            long value = c.u64();
            if (tag == DynamicEntry.DT_NULL) {
                break;
            }
            result.add(new DynamicEntry(tag, value));
        }
        return List.copyOf(result);
    }

    private ElfSection dynamicSection() {
        for (ElfSection s : sections) {
            if (s.type() == ElfSection.SHT_DYNAMIC) {
                return s;
            }
        }
        return null;
    }

    private ByteCursor dynamicCursor() {
        ElfSection s = dynamicSection();
        if (s != null) {
            return cursor(s);
        }
        if (sections.isEmpty()) {
            for (ElfSegment seg : segments()) {
                if (seg.type() == ElfSegment.PT_DYNAMIC) {
                    return new ByteCursor(name, "PT_DYNAMIC", segmentData(seg));
                }
            }
        }
        return null;
    }

    /** The {@code DT_NEEDED} library names in order, as {@code readelf -d} shows them as "Shared library". */
    public List<String> neededLibraries() {
        List<String> result = new ArrayList<>();
        ByteCursor strings = null;
        for (DynamicEntry e : dynamic()) {
            if (e.tag() == DynamicEntry.DT_NEEDED) {
                strings = strings == null ? dynamicStrings() : strings;
                result.add(strings.cstringAt(e.value()));
            }
        }
        return List.copyOf(result);
    }

    /** The {@code DT_SONAME} of a shared library. */
    public Optional<String> soname() {
        for (DynamicEntry e : dynamic()) {
            if (e.tag() == DynamicEntry.DT_SONAME) {
                return Optional.of(dynamicStrings().cstringAt(e.value()));
            }
        }
        return Optional.empty();
    }

    /** The string table of the dynamic section: its linked section, else the bytes at {@code DT_STRTAB}. */
    private ByteCursor dynamicStrings() {
        ElfSection s = dynamicSection();
        if (s != null) {
            return cursor(linkedSection(s, "string table"));
        }
        long address = -1;
        long size = -1;
        for (DynamicEntry e : dynamic()) {
            if (e.tag() == DynamicEntry.DT_STRTAB) {
                address = e.value();
            } else if (e.tag() == DynamicEntry.DT_STRSZ) {
                size = e.value();
            }
        }
        long a = address;
        long n = size;
        return bytesAt(a, n).map(b -> new ByteCursor(name, "DT_STRTAB", b)).orElseThrow(() ->
                new MalformedInputException(name, "PT_DYNAMIC", 0, "no string table at DT_STRTAB 0x"
                        + Long.toHexString(a) + " (size " + n + ")"));
    }

    /** Every note of the {@code SHT_NOTE} sections, or of the {@code PT_NOTE} segments if there are no sections. */
    public List<ElfNote> notes() {
        return notes.get();
    }

    private List<ElfNote> readNotes() {
        List<ElfNote> result = new ArrayList<>();
        if (!sections.isEmpty()) {
            for (ElfSection s : sections) {
                if (s.type() == ElfSection.SHT_NOTE) {
                    NoteReader.read(cursor(s), s.addralign(), result);
                }
            }
        } else {
            for (ElfSegment seg : segments()) {
                if (seg.type() == ElfSegment.PT_NOTE) {
                    NoteReader.read(new ByteCursor(name, "PT_NOTE", segmentData(seg)), seg.align(), result);
                }
            }
        }
        return List.copyOf(result);
    }

    /** The GNU build-id (the descriptor of the first "GNU" note of type 3). */
    public Optional<byte[]> buildId() {
        return notes().stream().filter(ElfNote::isBuildId).findFirst().map(n -> n.desc().clone());
    }

    /** The build-id in lower-case hex, as {@code readelf -n} prints it. */
    public Optional<String> buildIdHex() {
        return buildId().map(b -> HexFormat.of().formatHex(b));
    }

    /** The {@code .gnu_debuglink} section: the separate debug file's name and CRC32. */
    public Optional<DebugLink> debugLink() {
        Optional<ElfSection> s = section(".gnu_debuglink").filter(x -> !x.isNoBits());
        if (s.isEmpty()) {
            return Optional.empty();
        }
        ByteCursor c = cursor(s.get());
        String fileName = c.cstring();
        c.skip((4 - c.position() % 4) % 4);
        return Optional.of(new DebugLink(fileName, c.u32()));
    }

    /**
     * The MiniDebugInfo image: {@code .gnu_debugdata} decompressed with xz and read as an ELF file whose
     * {@link #symbols()} name the functions the stripped {@code .symtab} lacked. Decoded once and kept.
     */
    public Optional<ElfFile> miniDebugInfo() {
        return miniDebugInfo.get();
    }

    private Optional<ElfFile> readMiniDebugInfo() {
        Optional<ElfSection> s = section(".gnu_debugdata").filter(x -> !x.isNoBits());
        if (s.isEmpty()) {
            return Optional.empty();
        }
        String label = sectionLabel(s.get());
        ByteBuffer image = Decompressors.xz(sectionData(s.get()), maxDecompressed, name, label);
        return Optional.of(fromBytes(name + "[" + label + "]", image));
    }

    /** The sections as the DWARF reader wants them (standard names, decompressed, addresses of loaded ones). */
    public DwarfSections dwarfSections() {
        return new ElfDwarfSections(this);
    }

    /**
     * The {@code length} file bytes at virtual address {@code vaddr} (as in the file, unrelocated), taken from the
     * loaded section with file contents that holds all of them (or, in files without sections, from a
     * {@code PT_LOAD} segment's file part). Empty when no single section or segment holds the whole range. In
     * relocatable objects every section starts at address 0, so there the first loaded section answers.
     */
    public Optional<ByteBuffer> bytesAt(long vaddr, long length) {
        if (length < 0 || length > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        for (ElfSection s : sections) {
            if (s.isAlloc() && !s.isNoBits() && !s.isCompressed() && s.type() != ElfSection.SHT_NULL
                    && contains(s.addr(), s.size(), vaddr, length)) {
                ByteBuffer d = sectionData(s);
                int from = (int) (vaddr - s.addr());
                if (from + length <= d.limit()) {
                    return Optional.of(d.position(from).limit(from + (int) length).slice()
                            .order(ByteOrder.LITTLE_ENDIAN));
                }
            }
        }
        if (sections.isEmpty()) {
            for (ElfSegment seg : segments()) {
                if (seg.isLoad() && contains(seg.vaddr(), seg.filesz(), vaddr, length)) {
                    ByteBuffer d = segmentData(seg);
                    int from = (int) (vaddr - seg.vaddr());
                    return Optional.of(d.position(from).limit(from + (int) length).slice()
                            .order(ByteOrder.LITTLE_ENDIAN));
                }
            }
        }
        return Optional.empty();
    }

    /** Whether [vaddr, vaddr+length) lies in [start, start+size), in unsigned arithmetic without overflow. */
    private static boolean contains(long start, long size, long vaddr, long length) {
        long off = vaddr - start;
        return Long.compareUnsigned(vaddr, start) >= 0 && Long.compareUnsigned(off, size) <= 0
                && Long.compareUnsigned(length, size - off) <= 0;
    }

    /** Drops this file's references to the mapping and caches; the mapping is unmapped once unreachable. */
    @Override
    public void close() {
        file = null;
        synchronized (sectionCache) {
            java.util.Arrays.fill(sectionCache, null);
        }
        segments.clear();
        symbols.clear();
        dynamicSymbols.clear();
        dynamic.clear();
        notes.clear();
        miniDebugInfo.clear();
    }

    private ByteBuffer data() {
        ByteBuffer f = file;
        if (f == null) {
            throw new IllegalStateException(name + " is closed");
        }
        return f;
    }

    @Override
    public String toString() {
        return "ElfFile[" + name + "]";
    }
}
