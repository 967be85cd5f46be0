package io.tinydbg.index;

import io.tinydbg.dwarf.Dwarf;
import io.tinydbg.dwarf.DwarfFunction;
import io.tinydbg.dwarf.FunctionEntry;
import io.tinydbg.dwarf.Parameter;
import io.tinydbg.dwarf.UnitInfo;
import io.tinydbg.x86.BranchSite;
import io.tinydbg.x86.FunctionBody;
import io.tinydbg.x86.FunctionBodyAnalyzer;
import io.tinydbg.x86.Prologue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Computes the full description of one function: return sites and calls from decoding its code, the first address
 * after its prologue, parameters and results from DWARF, its source position.
 */
final class FunctionDetails {
    /** Code larger than this is not decoded (a bogus symbol size must not make the index decode megabytes). */
    private static final long MAX_BODY = 16L << 20;

    private final BinaryImage image;
    private final CandidateTable table;
    private final Dwarf dwarf;
    private final LineTables lines;
    private final UnitLocator units;

    /** {@code units} finds DWARF for candidates the table built from symbols alone (null: the table knows it). */
    FunctionDetails(BinaryImage image, CandidateTable table, Dwarf dwarf, LineTables lines, UnitLocator units) {
        this.image = image;
        this.table = table;
        this.dwarf = dwarf;
        this.lines = lines;
        this.units = units;
    }

    /** The DWARF subprogram of a candidate, if debug information describes it. */
    Optional<FunctionEntry> dwarfEntry(Candidate c) {
        if (c.dwarf() != null) {
            return Optional.of(c.dwarf());
        }
        return units == null ? Optional.empty() : units.entryAt(c.entry());
    }

    FunctionInfo describe(Candidate c) {
        Code code = decode(c);
        Optional<FunctionEntry> entry = dwarf == null ? Optional.empty() : dwarfEntry(c);
        DwarfFunction fn = entry.isEmpty() ? null : dwarf.function(entry.get());
        UnitInfo unit = fn == null ? null : fn.unit();
        List<ParameterInfo> params = new ArrayList<>();
        List<String> results = new ArrayList<>();
        if (fn != null) {
            for (Parameter p : fn.parameters()) {
                String type = p.type() == null ? "" : p.type().name();
                params.add(new ParameterInfo(p.name(), type, p.isResult()));
                if (p.isResult()) {
                    results.add(type);
                }
            }
            fn.returnType().ifPresent(t -> results.add(t.name()));
        }
        return new FunctionInfo(c.name(), c.linkageName(), c.entry(), c.ranges(), prologueEnd(c, unit),
                code.returns, code.sites, code.callees, params, results, source(c, fn, unit),
                fn != null && fn.hasInlinedCopies(), unit == null ? "" : unit.language(),
                unit == null ? "" : unit.producer(), fn != null, List.copyOf(c.aliases()));
    }

    /** What decoding the function's code gives. */
    private static final class Code {
        final List<Long> returns = new ArrayList<>();
        final List<CallSite> sites = new ArrayList<>();
        final List<String> callees = new ArrayList<>();
    }

    private Code decode(Candidate c) {
        Code code = new Code();
        Set<String> callees = new LinkedHashSet<>();
        for (AddressRange r : c.ranges()) {
            long size = r.size();
            if (size <= 0 || size > MAX_BODY) {
                continue;
            }
            Optional<ByteBuffer> bytes = image.code(r.low(), size);
            if (bytes.isEmpty()) {
                continue;
            }
            FunctionBody body = FunctionBodyAnalyzer.analyze(bytes.get(), 0, (int) size, r.low());
            code.returns.addAll(body.returns());
            for (BranchSite s : body.directCalls()) {
                long target = s.target().orElse(0);
                code.sites.add(new CallSite(s.address(), s.length(), target, false, false));
                table.atEntry(target).ifPresent(t -> callees.add(t.name()));
            }
            for (BranchSite s : body.indirectCalls()) {
                code.sites.add(new CallSite(s.address(), s.length(), 0, true, false));
            }
            for (BranchSite s : body.exits()) {
                long target = s.target().orElse(0);
                if (c.contains(target)) {
                    continue; // a jump between the hot and cold parts of the same function
                }
                code.sites.add(new CallSite(s.address(), s.length(), target, false, true));
                table.atEntry(target).ifPresent(t -> callees.add(t.name()));
            }
            for (BranchSite s : body.indirectJumps()) {
                code.sites.add(new CallSite(s.address(), s.length(), 0, true, true));
            }
        }
        code.returns.sort(Long::compare);
        code.sites.sort((a, b) -> Long.compare(a.address(), b.address()));
        code.callees.addAll(callees);
        return code;
    }

    /**
     * The line table's answer when DWARF describes the function (prologue_end, else the second row, as gdb does);
     * otherwise the address after the usual frame setup, which is where a debugger without line information stops.
     */
    private long prologueEnd(Candidate c, UnitInfo unit) {
        if (unit != null && !c.ranges().isEmpty()) {
            AddressRange first = c.ranges().stream().filter(r -> r.contains(c.entry())).findFirst()
                    .orElse(c.ranges().get(0));
            Optional<Long> fromLines = lines.of(unit).map(p -> p.prologueEnd(first.low(), first.high()));
            if (fromLines.isPresent() && first.contains(fromLines.get())) {
                return fromLines.get();
            }
        }
        return image.code(c.entry(), 16).map(b -> frameSetupEnd(b, c.entry())).orElse(c.entry());
    }

    /**
     * The address after {@code endbr64; push rbp; mov rbp,rsp}, where a debugger without line information stops:
     * without {@code push rbp} nothing is set up and the arguments are already in place at the entry.
     */
    private static long frameSetupEnd(ByteBuffer code, long entry) {
        long end = entry;
        boolean pushed = false;
        for (Prologue.Step step : Prologue.of(code, 0, code.remaining(), entry).steps()) {
            Prologue.Action a = step.action();
            if (a == Prologue.Action.PUSH_RBP && !pushed) {
                pushed = true;
                end = step.instruction().end();
            } else if (a == Prologue.Action.MOV_RBP_RSP && pushed) {
                return step.instruction().end();
            } else if (a != Prologue.Action.ENDBR64 || pushed) {
                break;
            }
        }
        return end;
    }

    private SourceLine source(Candidate c, DwarfFunction fn, UnitInfo unit) {
        if (fn != null && !fn.declFile().isEmpty() && fn.declLine() > 0) {
            return new SourceLine(fn.declFile(), fn.declLine());
        }
        if (unit != null) {
            return lines.lineAt(unit, c.entry()).orElse(SourceLine.UNKNOWN);
        }
        return SourceLine.UNKNOWN;
    }
}
