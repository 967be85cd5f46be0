package io.tinydbg.dwarf;

import static io.tinydbg.dwarf.DwarfConstants.*;

import io.tinydbg.bytes.ByteCursor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One linear pass over every compile unit that finds the functions with code and the inlined copies, decoding
 * only the attributes that name and place them and skipping every other value by its form. No DIE tree is kept:
 * only a small record per subprogram (declarations included), so that names can be resolved through
 * DW_AT_specification and DW_AT_abstract_origin once all units are seen.
 */
final class FunctionScanner {
    /** Specification/origin chains longer than this are cycles in malformed input. */
    private static final int MAX_CHAIN = 16;

    /** What the scan keeps of each subprogram DIE, with code or not. */
    private record Sub(String name, String linkageName, String scope, long specification, long origin,
                       int declLine) {
    }

    private record Candidate(long offset, long unitOffset, int language, List<AddressRange> ranges, long entryPc,
                             long containing, int callFile, int callLine, int depth) {
    }

    /** The attributes of one DIE the scan cares about. */
    private static final class Attrs {
        String name = "";
        String linkageName = "";
        long lowPc;
        boolean hasLowPc;
        AttributeValue highPc;
        AttributeValue ranges;
        AttributeValue entryPc;
        long specification = -1;
        long origin = -1;
        long signature = -1;
        int declLine;
        int callFile;
        int callLine;
        boolean declaration;
    }

    record Result(List<FunctionEntry> functions, List<InlinedInstance> inlined) {
    }

    private final Dwarf dwarf;
    private final Map<Long, Sub> subs = new HashMap<>();
    /** Qualified names of namespaces and aggregates, for definitions that complete a declaration elsewhere. */
    private final Map<Long, String> scopeNames = new HashMap<>();
    private final List<Candidate> functions = new ArrayList<>();
    private final List<Candidate> inlined = new ArrayList<>();

    private FunctionScanner(Dwarf dwarf) {
        this.dwarf = dwarf;
    }

    static Result scan(Dwarf dwarf) {
        return scan(dwarf, dwarf.units());
    }

    /** The functions of {@code units} only (references into other units are followed as needed). */
    static Result scan(Dwarf dwarf, List<CompileUnit> units) {
        FunctionScanner s = new FunctionScanner(dwarf);
        for (CompileUnit u : units) {
            if (u.isTypeUnit() || u.isSkeleton() || u.unitType() == UT_SPLIT_COMPILE) {
                continue;
            }
            s.scanUnit(dwarf.context(u));
        }
        return s.resolve();
    }

    private void scanUnit(UnitContext u) {
        CompileUnit h = u.header();
        ByteCursor c = u.cursorAt(h.dieOffset());
        int end = (int) (h.endOffset() & ~Dwarf.TYPES_SECTION_FLAG);
        long sectionBase = h.offset() & Dwarf.TYPES_SECTION_FLAG;
        String[] scopes = new String[64];
        long[] containing = new long[64];
        int[] inlineDepth = new int[64];
        int depth = 0;
        scopes[0] = "";
        containing[0] = -1;
        while (c.position() < end) {
            long offset = sectionBase | c.position();
            int code = c.uleb128AsInt("abbreviation code");
            if (code == 0) {
                if (depth == 0) {
                    continue;
                }
                depth--;
                if (depth == 0) {
                    break;
                }
                continue;
            }
            Abbrev a = u.abbrev(code, c);
            int tag = a.tag();
            String childScope = scopes[depth];
            long childContaining = containing[depth];
            int childInline = inlineDepth[depth];
            switch (tag) {
                case TAG_SUBPROGRAM: {
                    Attrs at = read(c, a, u);
                    subs.put(offset, new Sub(at.name, at.linkageName, scopes[depth], at.specification, at.origin,
                            at.declLine));
                    List<AddressRange> ranges = at.declaration ? List.of() : ranges(u, at);
                    if (!ranges.isEmpty()) {
                        functions.add(new Candidate(offset, h.offset(), u.language(), ranges, entry(u, at, ranges),
                                -1, 0, 0, 0));
                        childContaining = offset;
                        childInline = 0;
                    }
                    break;
                }
                case TAG_INLINED_SUBROUTINE: {
                    Attrs at = read(c, a, u);
                    List<AddressRange> ranges = ranges(u, at);
                    inlined.add(new Candidate(offset, h.offset(), u.language(), ranges, entry(u, at, ranges),
                            containing[depth], at.callFile, at.callLine, inlineDepth[depth] + 1));
                    subs.putIfAbsent(offset, new Sub("", "", "", -1, at.origin, 0));
                    childInline = inlineDepth[depth] + 1;
                    break;
                }
                case TAG_NAMESPACE: case TAG_CLASS_TYPE: case TAG_STRUCTURE_TYPE: case TAG_UNION_TYPE: {
                    Attrs at = read(c, a, u);
                    String name = at.name.isEmpty() && tag == TAG_NAMESPACE ? "(anonymous namespace)" : at.name;
                    String declared = at.specification >= 0 ? scopeNames.get(at.specification) : null;
                    if (at.signature >= 0 && DwarfConstants.usesScopedNames(u.language())) {
                        // A stub of a class whose definition lives in a type unit: the type unit knows its scope.
                        declared = dwarf.qualifiedTypeName(at.signature);
                    }
                    if (declared != null) {
                        childScope = declared;
                    } else if (!name.isEmpty()) {
                        childScope = childScope.isEmpty() ? name : childScope + "::" + name;
                    }
                    scopeNames.put(offset, childScope);
                    break;
                }
                default:
                    for (int form : a.forms()) {
                        FormReader.skip(c, form, u);
                    }
            }
            if (a.hasChildren()) {
                depth++;
                if (depth == scopes.length) {
                    scopes = Arrays.copyOf(scopes, depth * 2);
                    containing = Arrays.copyOf(containing, depth * 2);
                    inlineDepth = Arrays.copyOf(inlineDepth, depth * 2);
                }
                scopes[depth] = childScope;
                containing[depth] = childContaining;
                inlineDepth[depth] = childInline;
            } else if (depth == 0) {
                break;
            }
        }
    }

    private static Attrs read(ByteCursor c, Abbrev a, UnitContext u) {
        Attrs r = new Attrs();
        int[] attrs = a.attributes();
        int[] forms = a.forms();
        for (int i = 0; i < attrs.length; i++) {
            switch (attrs[i]) {
                case AT_NAME:
                    r.name = FormReader.read(c, attrs[i], forms[i], 0, u).asString().orElse("");
                    break;
                case AT_LINKAGE_NAME: case AT_MIPS_LINKAGE_NAME:
                    r.linkageName = FormReader.read(c, attrs[i], forms[i], 0, u).asString().orElse("");
                    break;
                case AT_LOW_PC: {
                    AttributeValue v = FormReader.read(c, attrs[i], forms[i], a.implicitConsts()[i], u);
                    r.lowPc = v.value();
                    r.hasLowPc = v.kind() == AttributeValue.Kind.ADDRESS;
                    break;
                }
                case AT_HIGH_PC:
                    r.highPc = FormReader.read(c, attrs[i], forms[i], a.implicitConsts()[i], u);
                    break;
                case AT_RANGES:
                    r.ranges = FormReader.read(c, attrs[i], forms[i], a.implicitConsts()[i], u);
                    break;
                case AT_ENTRY_PC:
                    r.entryPc = FormReader.read(c, attrs[i], forms[i], a.implicitConsts()[i], u);
                    break;
                case AT_SPECIFICATION: case AT_ABSTRACT_ORIGIN: case AT_SIGNATURE: {
                    AttributeValue v = FormReader.read(c, attrs[i], forms[i], a.implicitConsts()[i], u);
                    if (v.kind() == AttributeValue.Kind.REFERENCE) {
                        if (attrs[i] == AT_SPECIFICATION) {
                            r.specification = v.value();
                        } else if (attrs[i] == AT_SIGNATURE) {
                            r.signature = v.value();
                        } else {
                            r.origin = v.value();
                        }
                    }
                    break;
                }
                case AT_DECL_LINE:
                    r.declLine = (int) FormReader.read(c, attrs[i], forms[i], a.implicitConsts()[i], u).value();
                    break;
                case AT_CALL_FILE:
                    r.callFile = (int) FormReader.read(c, attrs[i], forms[i], a.implicitConsts()[i], u).value();
                    break;
                case AT_CALL_LINE:
                    r.callLine = (int) FormReader.read(c, attrs[i], forms[i], a.implicitConsts()[i], u).value();
                    break;
                case AT_DECLARATION:
                    r.declaration = FormReader.read(c, attrs[i], forms[i], a.implicitConsts()[i], u).value() != 0;
                    break;
                default:
                    FormReader.skip(c, forms[i], u);
            }
        }
        return r;
    }

    /** The code ranges of the unit's root DIE (low_pc/high_pc or DW_AT_ranges); empty when it names none. */
    static List<AddressRange> unitRanges(UnitContext u) {
        CompileUnit h = u.header();
        ByteCursor c = u.cursorAt(h.dieOffset());
        int code = c.uleb128AsInt("abbreviation code");
        if (code == 0) {
            return List.of();
        }
        return ranges(u, read(c, u.abbrev(code, c), u));
    }

    /** low_pc/high_pc (high_pc as an address, or as a length when it is a constant), else DW_AT_ranges. */
    private static List<AddressRange> ranges(UnitContext u, Attrs at) {
        if (at.hasLowPc && at.highPc != null) {
            long high = at.highPc.kind() == AttributeValue.Kind.ADDRESS ? at.highPc.value()
                    : at.lowPc + at.highPc.value();
            AddressRange r = new AddressRange(at.lowPc, high);
            return u.dwarf().isLive(r) ? List.of(r) : List.of();
        }
        if (at.ranges != null) {
            List<AddressRange> all = RangeLists.read(u, at.ranges);
            List<AddressRange> live = new ArrayList<>(all.size());
            for (AddressRange r : all) {
                if (u.dwarf().isLive(r)) {
                    live.add(r);
                }
            }
            return live;
        }
        return List.of();
    }

    private static long entry(UnitContext u, Attrs at, List<AddressRange> ranges) {
        long base = at.hasLowPc ? at.lowPc : ranges.isEmpty() ? 0 : ranges.get(0).low();
        if (at.entryPc != null) {
            return at.entryPc.kind() == AttributeValue.Kind.ADDRESS ? at.entryPc.value() : base + at.entryPc.value();
        }
        return base;
    }

    /** What resolving a specification/origin chain finds. */
    private record Resolved(String name, String qualifiedName, String linkageName, int declLine) {
    }

    private Result resolve() {
        List<FunctionEntry> out = new ArrayList<>(functions.size());
        for (Candidate f : functions) {
            Sub s = subs.get(f.offset());
            Resolved r = resolveChain(f.offset(), f.language());
            long origin = s.origin() >= 0 ? s.origin() : s.specification() >= 0 ? s.specification() : f.offset();
            out.add(new FunctionEntry(f.offset(), f.unitOffset(), r.name(), r.qualifiedName(), r.linkageName(),
                    f.entryPc(), f.ranges(), origin, r.declLine()));
        }
        List<InlinedInstance> ins = new ArrayList<>(inlined.size());
        for (Candidate f : inlined) {
            Sub s = subs.get(f.offset());
            Resolved r = resolveChain(f.offset(), f.language());
            ins.add(new InlinedInstance(f.offset(), s.origin(), r.qualifiedName(), f.ranges(), f.callFile(),
                    f.callLine(), f.containing(), f.depth()));
        }
        return new Result(List.copyOf(out), List.copyOf(ins));
    }

    /**
     * Follows DW_AT_abstract_origin, then DW_AT_specification: the name comes from the first entry that has one,
     * the scope from the last entry that has one (the declaration inside its class or namespace).
     */
    private Resolved resolveChain(long offset, int language) {
        String name = "";
        String linkage = "";
        String scope = "";
        int declLine = 0;
        long at = offset;
        for (int i = 0; i < MAX_CHAIN && at >= 0; i++) {
            Sub s = subs.get(at);
            if (s == null) {
                s = load(at);
            }
            if (name.isEmpty()) {
                name = s.name();
            }
            if (linkage.isEmpty()) {
                linkage = s.linkageName();
            }
            if (!s.scope().isEmpty()) {
                scope = s.scope();
            }
            if (declLine == 0) {
                declLine = s.declLine();
            }
            at = s.origin() >= 0 ? s.origin() : s.specification();
        }
        String qualified = DwarfConstants.usesScopedNames(language) && !scope.isEmpty() && !name.isEmpty()
                ? scope + "::" + name : name;
        return new Resolved(name, qualified, linkage, declLine);
    }

    /** A chain target outside the scanned units (a partial or type unit): read it directly, without scope. */
    private Sub load(long offset) {
        Die d = dwarf.die(offset);
        Sub s = new Sub(d.name(),
                d.string(AT_LINKAGE_NAME).or(() -> d.string(AT_MIPS_LINKAGE_NAME)).orElse(""), "",
                d.reference(AT_SPECIFICATION).orElse(-1), d.reference(AT_ABSTRACT_ORIGIN).orElse(-1),
                (int) d.unsigned(AT_DECL_LINE).orElse(0));
        subs.put(offset, s);
        return s;
    }
}
