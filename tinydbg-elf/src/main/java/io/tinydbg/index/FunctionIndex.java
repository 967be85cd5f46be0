package io.tinydbg.index;

import io.tinydbg.TinydbgException;
import io.tinydbg.dwarf.Dwarf;
import io.tinydbg.dwarf.DwarfFunction;
import io.tinydbg.dwarf.DwarfSections;
import io.tinydbg.dwarf.cfi.CallFrameTable;
import io.tinydbg.dwarf.FunctionEntry;
import io.tinydbg.dwarf.GoConstants;
import io.tinydbg.dwarf.InlinedInstance;
import io.tinydbg.dwarf.line.LineProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The functions of one binary, found by name: the part of tinydbg that turns a binary and a regular expression into
 * the exact set of functions to trace. Opening reads the symbol tables and the list of DWARF subprograms (not their
 * DIE trees); the expensive description of a function (return sites from decoding its code, parameters, prologue)
 * is computed the first time a pattern selects it, then kept.
 *
 * <p>Addresses are as in the file; add the load bias for a running PIE or shared library. Instances are safe to
 * use from several threads. Close the index to release the file mappings.
 */
public final class FunctionIndex implements AutoCloseable {
    private final Path path;
    private final BinaryImage image;
    private final Dwarf dwarf;
    private final LineTables lines;
    private final CandidateTable table;
    private final FunctionDetails details;
    private final boolean go;
    private final Map<Long, FunctionInfo> described = new ConcurrentHashMap<>();
    private volatile CallFrameTable frames;
    private volatile io.tinydbg.dwarf.GoRuntimeTypes goTypes;
    private volatile GoConstants goConstants;
    private volatile long goTypesBase = -1;

    private FunctionIndex(Path path, BinaryImage image) {
        this.path = path;
        this.image = image;
        Optional<DwarfSections> sections = image.dwarf();
        this.dwarf = sections.map(Dwarf::from).orElse(null);
        this.lines = sections.map(LineTables::new).orElse(null);
        this.go = image.isGo();
        List<io.tinydbg.elf.ElfSymbol> symbols = image.functionSymbols();
        // Go's symbol table names every function exactly as its DWARF does, so a Go binary's units are read only
        // when one of their functions is selected; elsewhere DWARF's names (C++ scopes, Rust paths, static
        // functions of a stripped binary's debug file) must be known before matching.
        boolean lazyDwarf = go && dwarf != null && !symbols.isEmpty();
        Collection<FunctionEntry> dwarfFunctions = dwarf == null || lazyDwarf ? List.of() : dwarf.functionEntries();
        this.table = CandidateTable.build(dwarfFunctions, symbols);
        this.details = new FunctionDetails(image, table, dwarf, lines, lazyDwarf ? new UnitLocator(dwarf) : null);
    }

    /** Opens {@code binary} with the default debug roots. */
    public static FunctionIndex open(Path binary) {
        return open(binary, IndexOptions.defaults());
    }

    /**
     * Opens {@code binary} and, when it has no DWARF of its own, its separate debug file.
     *
     * @throws TinydbgException naming the file when it does not exist or cannot be read; a
     *                          {@link io.tinydbg.bytes.MalformedInputException} when it is not a valid ELF file
     */
    public static FunctionIndex open(Path binary, IndexOptions options) {
        if (!Files.isRegularFile(binary)) {
            throw new TinydbgException(binary + ": no such file");
        }
        BinaryImage image = BinaryImage.open(binary, options);
        try {
            return new FunctionIndex(binary, image);
        } catch (RuntimeException e) {
            image.close();
            throw e;
        }
    }

    /** The binary this index describes. */
    public Path path() {
        return path;
    }

    /** The separate debug file in use, if one was found. */
    public Optional<Path> debugFile() {
        return image.debugFile().flatMap(f -> f.path());
    }

    /** Whether the binary (or its debug file) has DWARF. */
    public boolean hasDebugInfo() {
        return dwarf != null;
    }

    /** Whether the Go toolchain built the binary. */
    public boolean isGo() {
        return go;
    }

    /** The number of functions, one per entry address. */
    public int size() {
        return table.all().size();
    }

    /** Every function, in address order, at depth 0. */
    public List<IndexedFunction> all() {
        List<IndexedFunction> out = new ArrayList<>(table.all().size());
        for (Candidate c : table.all()) {
            out.add(new IndexedFunction(describe(c), 0));
        }
        return out;
    }

    /** The display names of every function, in address order. */
    public List<String> names() {
        return table.all().stream().map(Candidate::name).toList();
    }

    /**
     * The functions any of whose names (display, linkage, aliases, demangled) the pattern is found in, in address
     * order, each once.
     */
    public List<FunctionInfo> match(FunctionPattern pattern) {
        List<FunctionInfo> out = new ArrayList<>();
        for (Candidate c : matching(List.of(pattern))) {
            out.add(describe(c));
        }
        return out;
    }

    /** {@link #select(List, int)} for one pattern. */
    public List<IndexedFunction> select(FunctionPattern pattern, int followCalls) {
        return select(List.of(pattern), followCalls);
    }

    /**
     * The functions the patterns match (depth 1) and, when {@code followCalls > 1}, those reachable from them
     * through direct calls and tail calls up to that depth, each at the shallowest depth it is reached, breadth
     * first as the seed's {@code ListFunctions} does. In Go binaries the runtime is not followed, except
     * {@code runtime.deferreturn}, {@code runtime.gorecover} and {@code runtime.gopanic}.
     */
    public List<IndexedFunction> select(List<FunctionPattern> patterns, int followCalls) {
        if (followCalls < 0) {
            throw new IllegalArgumentException("followCalls must be 0 or more, not " + followCalls);
        }
        List<Candidate> roots = matching(patterns);
        List<CallGraph.Reached<Candidate>> reached = CallGraph.walk(roots, Math.max(1, followCalls),
                Candidate::entry, this::callees, go, Candidate::name);
        List<IndexedFunction> out = new ArrayList<>(reached.size());
        for (CallGraph.Reached<Candidate> r : reached) {
            out.add(new IndexedFunction(describe(r.function()), r.depth()));
        }
        return out;
    }

    /** Names close to what {@code regex} seems to look for, to suggest when it matched nothing. */
    public List<String> closeNames(String regex, int limit) {
        return CloseNames.of(regex, names(), limit);
    }

    /** The function whose entry is {@code entry}. */
    public Optional<FunctionInfo> function(long entry) {
        return table.atEntry(entry).map(this::describe);
    }

    /** The function whose code contains {@code pc}. */
    public Optional<FunctionInfo> functionAt(long pc) {
        return table.containing(pc).map(this::describe);
    }

    /** The inlined calls active at {@code pc}, outermost first; empty when none (or no DWARF). */
    public List<InlinedCall> inlinedChainAt(long pc) {
        if (dwarf == null) {
            return List.of();
        }
        List<InlinedCall> out = new ArrayList<>();
        for (InlinedInstance i : dwarf.addressLookup().inlinedChainAt(pc)) {
            SourceLine site = SourceLine.UNKNOWN;
            Optional<Candidate> outer = table.containing(pc);
            Optional<FunctionEntry> outerEntry = outer.flatMap(details::dwarfEntry);
            if (outerEntry.isPresent()) {
                Optional<LineProgram> program = lines.of(dwarf.function(outerEntry.get()).unit());
                if (program.isPresent()) {
                    site = new SourceLine(program.get().displayName(i.callFile()), i.callLine());
                }
            }
            out.add(new InlinedCall(i.name(), site));
        }
        return out;
    }

    /** The source file and line of {@code pc}, from the line table of the unit whose function contains it. */
    public Optional<SourceLine> lineAt(long pc) {
        if (dwarf == null) {
            return Optional.empty();
        }
        Optional<FunctionEntry> entry = table.containing(pc).flatMap(details::dwarfEntry);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        return lines.lineAt(dwarf.function(entry.get()).unit(), pc);
    }

    /**
     * The DWARF description of the function whose entry is {@code entry} (parameters with their types and
     * locations, return type, frame base), for reading arguments and results; empty without debug information.
     */
    public Optional<DwarfFunction> dwarfFunction(long entry) {
        if (dwarf == null) {
            return Optional.empty();
        }
        return table.atEntry(entry).flatMap(details::dwarfEntry).map(dwarf::function);
    }

    /** The file's bytes at {@code [address, address + length)} (code as the compiler wrote it). */
    public Optional<byte[]> code(long address, int length) {
        return image.code(address, length).map(b -> {
            byte[] out = new byte[b.remaining()];
            b.duplicate().get(out);
            return out;
        });
    }

    /** The call frame information of the binary ({@code .eh_frame}, else {@code .debug_frame}), for unwinding. */
    public CallFrameTable callFrames() {
        CallFrameTable t = frames;
        if (t == null) {
            frames = t = CallFrameTable.of(image.frameSections());
        }
        return t;
    }

    /**
     * Go: the type whose runtime descriptor ({@code runtime._type}) is at file address {@code address}, as an
     * interface value's type word points to it; empty for other binaries and for descriptors DWARF does not name.
     */
    public Optional<io.tinydbg.dwarf.types.DwarfType> goRuntimeType(long address) {
        if (!go || dwarf == null) {
            return Optional.empty();
        }
        long base = goTypesBase;
        if (base < 0) {
            base = 0;
            for (io.tinydbg.elf.ElfSymbol s : image.binary().symbols()) {
                if (s.name().equals("runtime.types")) {
                    base = s.value();
                    break;
                }
            }
            goTypes = new io.tinydbg.dwarf.GoRuntimeTypes(dwarf); // before the base, which readers test first
            goTypesBase = base;
        }
        return base == 0 ? Optional.empty() : goTypes.type(address - base);
    }

    /**
     * Go: the package-level constants whose type is named {@code typeName} ({@code main.Color}), by increasing
     * value; empty for other binaries.
     */
    public List<GoConstants.Constant> goConstants(String typeName) {
        if (!go || dwarf == null) {
            return List.of();
        }
        GoConstants c = goConstants;
        if (c == null) {
            synchronized (this) {
                c = goConstants;
                if (c == null) {
                    goConstants = c = new GoConstants(dwarf);
                }
            }
        }
        return c.of(typeName);
    }

    /** Symbols that name a split-off part of another function ({@code foo.cold}), with their addresses. */
    public Map<String, Long> functionParts() {
        return Map.copyOf(table.parts());
    }

    private List<Candidate> matching(List<FunctionPattern> patterns) {
        List<Candidate> out = new ArrayList<>();
        for (Candidate c : table.all()) {
            if (matchesAny(c, patterns)) {
                out.add(c);
            }
        }
        return out;
    }

    private static boolean matchesAny(Candidate c, List<FunctionPattern> patterns) {
        for (FunctionPattern p : patterns) {
            if (p.matches(c.name())) {
                return true;
            }
        }
        for (String n : c.matchNames()) {
            for (FunctionPattern p : patterns) {
                if (p.matches(n)) {
                    return true;
                }
            }
        }
        return false;
    }

    private Collection<Candidate> callees(Candidate c) {
        Set<Candidate> out = new LinkedHashSet<>();
        for (CallSite s : describe(c).callSites()) {
            if (!s.indirect()) {
                table.atEntry(s.target()).ifPresent(out::add);
            }
        }
        return out;
    }

    private FunctionInfo describe(Candidate c) {
        FunctionInfo known = described.get(c.entry());
        if (known != null) {
            return known;
        }
        FunctionInfo info = details.describe(c);
        FunctionInfo raced = described.putIfAbsent(c.entry(), info);
        return raced == null ? info : raced;
    }

    @Override
    public void close() {
        image.close();
    }
}
