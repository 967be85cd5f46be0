package io.tinydbg.dwarf;

import static io.tinydbg.dwarf.DwarfConstants.*;

import io.tinydbg.bytes.ByteCursor;
import io.tinydbg.bytes.MalformedInputException;
import io.tinydbg.dwarf.types.DwarfType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The debugging information of one binary, read lazily from the sections a {@link DwarfSections} provides.
 * Opening reads nothing; {@link #units()} parses unit headers only; DIEs are decoded when asked for, and per unit
 * only the abbreviations, bases and (when navigated) the tree shape are cached. {@link #functionEntries()} is one
 * linear scan that keeps no DIE tree. Safe to share between threads once built; caches fill concurrently.
 */
public final class Dwarf {
    /**
     * Set in offsets of DIEs in {@code .debug_types} (DWARF 4 type units) so that one long names a DIE of either
     * section; offsets in {@code .debug_info} have it clear.
     */
    public static final long TYPES_SECTION_FLAG = 1L << 62;

    private final DwarfSections sections;
    private final Map<String, Optional<ByteBuffer>> sectionCache = new ConcurrentHashMap<>();
    private final Map<Long, AbbrevTable> abbrevTables = new ConcurrentHashMap<>();
    private final Map<Long, UnitContext> contexts = new ConcurrentHashMap<>();
    private final Map<Long, UnitIndex> indexes = new ConcurrentHashMap<>();
    private final Map<Long, UnitInfo> infos = new ConcurrentHashMap<>();
    private final Map<Long, List<FunctionEntry>> unitScans = new ConcurrentHashMap<>();
    private final Map<Long, Optional<FileNames>> fileNames = new ConcurrentHashMap<>();
    private final TypeReader typeReader = new TypeReader(this);
    private volatile List<CompileUnit> units;
    private volatile Map<Long, Long> typeSignatures;
    private volatile FunctionScanner.Result scan;
    private volatile AddressLookup lookup;
    private volatile Boolean zeroIsCode;
    private volatile java.util.Set<Long> inlinedOrigins;

    private Dwarf(DwarfSections sections) {
        this.sections = sections;
    }

    /** A reader over {@code sections}; reads nothing yet. */
    public static Dwarf from(DwarfSections sections) {
        return new Dwarf(sections);
    }

    /** The source named in error messages. */
    public String sourceName() {
        return sections.sourceName();
    }

    /** True when the source has a {@code .debug_info} section. */
    public boolean hasInfo() {
        return section(".debug_info").isPresent();
    }

    /** Every unit of {@code .debug_info} then {@code .debug_types}, in section order. */
    public List<CompileUnit> units() {
        List<CompileUnit> u = units;
        if (u == null) {
            List<CompileUnit> list = new ArrayList<>();
            section(".debug_info").ifPresent(b -> UnitHeaders.parse(cursor(".debug_info"), 0, list));
            section(".debug_types").ifPresent(b -> UnitHeaders.parse(cursor(".debug_types"), TYPES_SECTION_FLAG, list));
            units = u = List.copyOf(list);
        }
        return u;
    }

    /** The unit whose bytes contain absolute offset {@code offset}. */
    public Optional<CompileUnit> unitContaining(long offset) {
        List<CompileUnit> list = units();
        int lo = 0;
        int hi = list.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            CompileUnit u = list.get(mid);
            if (offset < u.offset()) {
                hi = mid - 1;
            } else if (offset >= u.endOffset()) {
                lo = mid + 1;
            } else {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }

    /** What the root DIE of {@code u} says about the unit. */
    public UnitInfo unitInfo(CompileUnit u) {
        UnitInfo info = infos.get(u.offset());
        if (info == null) {
            UnitContext c = context(u);
            Die root = die(u.dieOffset());
            int lang = c.language();
            info = new UnitInfo(languageName(lang), lang, root.string(AT_PRODUCER).orElse(""), root.name(),
                    root.string(AT_COMP_DIR).orElse(""), stmtList(root), c.strOffsetsBase(), c.addrBase(),
                    c.rnglistsBase(), c.loclistsBase(), c.lowPc(), u.addressSize(), u.version());
            infos.put(u.offset(), info);
        }
        return info;
    }

    private static OptionalLong stmtList(Die root) {
        Optional<AttributeValue> v = root.attribute(AT_STMT_LIST);
        return v.isPresent() ? v.get().asLong() : OptionalLong.empty();
    }

    /** The DIE at absolute {@code offset}; fails with {@link MalformedInputException} when none starts there. */
    public Die die(long offset) {
        CompileUnit u = unitContaining(offset).orElseThrow(() -> new MalformedInputException(sourceName(),
                (offset & TYPES_SECTION_FLAG) != 0 ? ".debug_types" : ".debug_info", offset & ~TYPES_SECTION_FLAG,
                "no unit contains DIE offset 0x" + Long.toHexString(offset & ~TYPES_SECTION_FLAG)));
        UnitContext c = context(u);
        if (offset < u.dieOffset()) {
            throw c.cursorAt(offset).fail("offset 0x" + Long.toHexString(offset) + " is inside a unit header");
        }
        ByteCursor cur = c.cursorAt(offset);
        int code = cur.uleb128AsInt("abbreviation code");
        if (code == 0) {
            throw cur.fail(cur.position() - 1L, "reference to a null entry");
        }
        Abbrev a = c.abbrev(code, cur);
        return new Die(c, offset, a, cur.position());
    }

    /** The root DIE of {@code u}. */
    public Die root(CompileUnit u) {
        return die(u.dieOffset());
    }

    /** Every DW_TAG_subprogram with code, in DIE order (computed once, with {@link #inlinedInstances()}). */
    public List<FunctionEntry> functionEntries() {
        return scan().functions();
    }

    /**
     * The DW_TAG_subprograms with code of one compile unit, scanned the first time they are asked for: a caller
     * that knows which unit holds a pc (see {@link #unitRanges}) need not scan the whole file.
     */
    public List<FunctionEntry> functionEntries(CompileUnit u) {
        return unitScans.computeIfAbsent(u.offset(), o -> u.isTypeUnit() || u.isSkeleton()
                ? List.of() : FunctionScanner.scan(this, List.of(u)).functions());
    }

    /** The code ranges a compile unit's root DIE declares (empty when it declares none). */
    public List<AddressRange> unitRanges(CompileUnit u) {
        if (u.isTypeUnit() || u.isSkeleton()) {
            return List.of();
        }
        return FunctionScanner.unitRanges(context(u));
    }

    /** Every DW_TAG_inlined_subroutine, in DIE order. */
    public List<InlinedInstance> inlinedInstances() {
        return scan().inlined();
    }

    private FunctionScanner.Result scan() {
        FunctionScanner.Result s = scan;
        if (s == null) {
            synchronized (this) {
                s = scan;
                if (s == null) {
                    scan = s = FunctionScanner.scan(this);
                }
            }
        }
        return s;
    }

    /** pc to function and inlined chain. */
    public AddressLookup addressLookup() {
        AddressLookup l = lookup;
        if (l == null) {
            lookup = l = new AddressLookup(functionEntries(), inlinedInstances());
        }
        return l;
    }

    /** Parameters, locals, return type and source position of a function the scan found. */
    public DwarfFunction function(FunctionEntry f) {
        return FunctionReader.read(this, die(f.dieOffset()), f);
    }

    /** The same for any subprogram DIE (with or without code). */
    public DwarfFunction function(long dieOffset) {
        return FunctionReader.read(this, die(dieOffset), null);
    }

    /** The type described by the DIE at {@code dieOffset}, resolved once and cached. */
    public DwarfType type(long dieOffset) {
        return typeReader.type(dieOffset);
    }

    /** Entry {@code index} of the file-name table of {@code u}'s line program as gdb names it, or "". */
    public String fileName(CompileUnit u, long index) {
        Optional<FileNames> f = fileNames.get(u.offset());
        if (f == null) {
            UnitInfo info = unitInfo(u);
            f = info.stmtList().isPresent() && section(".debug_line").isPresent()
                    ? Optional.of(FileNames.parse(this, context(u), info.stmtList().getAsLong(), info.compDir(),
                            info.name()))
                    : Optional.empty();
            fileNames.put(u.offset(), f);
        }
        return f.map(n -> n.path(index)).orElse("");
    }

    /**
     * False for ranges of code the linker discarded: it leaves them at address 0 (GNU ld) or at a tombstone of
     * all ones (lld). Address 0 is real code only where {@code .text} is loaded at 0 (relocatable objects).
     */
    boolean isLive(AddressRange r) {
        if (r.isEmpty() || r.low() == -1L || r.low() == -2L) {
            return false;
        }
        if (r.low() != 0) {
            return true;
        }
        Boolean z = zeroIsCode;
        if (z == null) {
            OptionalLong text = sections.sectionAddress(".text");
            zeroIsCode = z = text.isEmpty() || text.getAsLong() == 0;
        }
        return z;
    }

    /** The scoped name of the type DIE at {@code offset} ("std::_Destroy_aux<true>"). */
    String qualifiedTypeName(long offset) {
        Die d = die(offset);
        return typeReader.qualify(d, d.name());
    }

    DwarfType voidType(Die d) {
        return typeReader.voidType(d);
    }

    /**
     * Exact once the whole file was scanned. Before that (a caller that reads units one at a time), it answers from
     * the abstract instance alone: compilers emit one with DW_AT_inline "inlined" or "declared inlined" when they
     * inlined the function somewhere, so no scan of every unit is needed.
     */
    boolean hasInlinedCopies(long dieOffset, long originOffset) {
        java.util.Set<Long> origins = inlinedOrigins;
        if (origins == null && scan == null) {
            if (originOffset == dieOffset) {
                return false;
            }
            OptionalLong inline = die(originOffset).unsigned(AT_INLINE);
            return inline.isPresent() && (inline.getAsLong() == 1 || inline.getAsLong() == 3);
        }
        if (origins == null) {
            origins = new java.util.HashSet<>();
            for (InlinedInstance i : inlinedInstances()) {
                origins.add(i.originOffset());
            }
            inlinedOrigins = origins;
        }
        return origins.contains(originOffset) || origins.contains(dieOffset);
    }

    // ---- package-private plumbing -------------------------------------------------------------------------

    Optional<ByteBuffer> section(String name) {
        Optional<ByteBuffer> b = sectionCache.get(name);
        if (b == null) {
            b = sections.section(name);
            sectionCache.put(name, b);
        }
        return b;
    }

    /** A fresh cursor over all of section {@code name}; fails clearly when the section is missing. */
    ByteCursor cursor(String name) {
        ByteBuffer b = section(name).orElseThrow(() -> new MalformedInputException(sourceName(), name, -1,
                "the DWARF refers to section " + name + ", which is missing"));
        return new ByteCursor(sourceName(), name, b).withOrder(sections.order());
    }

    String string(String sectionName, long offset) {
        ByteCursor c = cursor(sectionName);
        if (offset < 0 || offset >= c.limit()) {
            throw c.fail(0, "string offset 0x" + Long.toHexString(offset) + " is outside " + sectionName);
        }
        return c.cstringAt(offset);
    }

    UnitContext context(CompileUnit u) {
        UnitContext c = contexts.get(u.offset());
        if (c == null) {
            AbbrevTable t = abbrevTables.get(u.abbrevOffset());
            if (t == null) {
                t = AbbrevTable.parse(cursor(".debug_abbrev"), u.abbrevOffset());
                abbrevTables.put(u.abbrevOffset(), t);
            }
            c = new UnitContext(this, u, t);
            contexts.put(u.offset(), c);
        }
        return c;
    }

    UnitIndex index(UnitContext u) {
        UnitIndex i = indexes.get(u.header().offset());
        if (i == null) {
            i = UnitIndex.build(u);
            indexes.put(u.header().offset(), i);
        }
        return i;
    }

    /** How many units have had their DIE tree indexed (for tests of laziness). */
    int indexedUnitCount() {
        return indexes.size();
    }

    /** The absolute offset of the type DIE of the type unit with signature {@code sig}, or -1. */
    long typeUnitDie(long sig) {
        Map<Long, Long> m = typeSignatures;
        if (m == null) {
            m = new HashMap<>();
            for (CompileUnit u : units()) {
                if (u.isTypeUnit()) {
                    m.putIfAbsent(u.typeSignature(), u.typeOffset());
                }
            }
            typeSignatures = m;
        }
        return m.getOrDefault(sig, -1L);
    }
}
