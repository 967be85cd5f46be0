package io.tinydbg.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.testing.Fixtures;
import io.tinydbg.testing.GdbInfoLine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The index against readelf (the function set) and objdump (return sites and calls) on every kind of fixture. */
class FunctionIndexOracleTest {

    @ParameterizedTest
    @ValueSource(strings = {"sample-O0", "sample-O2", "sample-dwarf4", "sample-dwarf5", "sample-gz", "sample-zdebug",
        "sample-zstd", "sample-nopie", "sample-nodebug", "libsample.so", "shapes-O0", "shapes-O2", "gosample",
        "gosample-nl", "rsample-legacy", "rsample-v0", "sample-debuglink"})
    void everySizedFunctionSymbolIsAFunctionOrAPartOfOne(String fixture) {
        Path bin = Fixtures.path(fixture);
        try (FunctionIndex index = FunctionIndex.open(bin)) {
            List<String> missing = new ArrayList<>();
            Map<String, Long> parts = index.functionParts();
            for (ReadelfSymbols.Symbol s : ReadelfSymbols.sizedFunctions(bin)) {
                boolean asFunction = index.function(s.value())
                        .map(f -> f.name().equals(s.name()) || f.linkageName().equals(s.name())
                                || f.aliases().contains(s.name()))
                        .orElse(false);
                boolean asPart = Long.valueOf(s.value()).equals(parts.get(s.name()));
                if (!asFunction && !asPart) {
                    missing.add(s.name() + "@0x" + Long.toHexString(s.value()) + " (index has "
                            + index.function(s.value()).map(FunctionInfo::name).orElse("nothing") + ")");
                }
            }
            assertThat(missing).as("readelf FUNC symbols the index lacks in %s", fixture).isEmpty();
            assertThat(index.size()).isPositive();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sample-O0", "sample-O2", "shapes-O2", "gosample", "rsample-v0", "libsample.so"})
    void returnSitesAndCallTargetsEqualObjdump(String fixture) {
        Path bin = Fixtures.path(fixture);
        ObjdumpListing objdump = ObjdumpListing.of(bin);
        try (FunctionIndex index = FunctionIndex.open(bin)) {
            int checked = 0;
            List<String> wrong = new ArrayList<>();
            for (IndexedFunction indexed : index.all()) {
                FunctionInfo f = indexed.function();
                Set<Long> rets = new TreeSet<>();
                Set<Long> calls = new TreeSet<>();
                Set<Long> indirect = new TreeSet<>();
                for (AddressRange r : f.ranges()) {
                    for (ObjdumpListing.Line l : objdump.between(r.low(), r.high())) {
                        if (l.isRet()) {
                            rets.add(l.address());
                        } else if (l.isCall()) {
                            long target = l.directTarget();
                            (target >= 0 ? calls : indirect).add(target >= 0 ? target : l.address());
                        }
                    }
                }
                Set<Long> indexCalls = new TreeSet<>();
                Set<Long> indexIndirect = new TreeSet<>();
                for (CallSite s : f.callSites()) {
                    if (!s.tailJump()) {
                        if (s.indirect()) {
                            indexIndirect.add(s.address());
                        } else {
                            indexCalls.add(s.target());
                        }
                    }
                }
                if (!new TreeSet<>(f.returns()).equals(rets) || !indexCalls.equals(calls)
                        || !indexIndirect.equals(indirect)) {
                    wrong.add(f.name() + ": returns " + hex(f.returns()) + " vs " + hex(rets) + ", calls "
                            + hex(indexCalls) + " vs " + hex(calls) + ", indirect " + hex(indexIndirect) + " vs "
                            + hex(indirect));
                }
                checked++;
            }
            assertThat(wrong).as("functions whose code disagrees with objdump in %s", fixture).isEmpty();
            assertThat(checked).isGreaterThan(5);
        }
    }

    private static String hex(java.util.Collection<Long> values) {
        List<String> out = new ArrayList<>();
        for (long v : values) {
            out.add(Long.toHexString(v));
        }
        return out.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sample-O0", "sample-O2", "gosample", "shapes-O2"})
    void functionAtAndLineAtAgreeWithTheTablesAndAddr2line(String fixture) {
        Path bin = Fixtures.path(fixture);
        try (FunctionIndex index = FunctionIndex.open(bin)) {
            List<String> addresses = new ArrayList<>();
            List<FunctionInfo> probed = new ArrayList<>();
            for (IndexedFunction indexed : index.all()) {
                FunctionInfo f = indexed.function();
                if (!f.hasDebugInfo() || f.ranges().isEmpty()) {
                    continue;
                }
                long pc = f.ranges().get(0).low() + f.ranges().get(0).size() / 2;
                assertThat(index.functionAt(pc)).as("function at 0x%x", pc).map(FunctionInfo::entry)
                        .contains(f.entry());
                if (probed.size() < 200) {
                    probed.add(f);
                    addresses.add("0x" + Long.toHexString(pc));
                }
            }
            List<String> cmd = new ArrayList<>(List.of("addr2line", "-e", bin.toString()));
            cmd.addAll(addresses);
            String[] lines = io.tinydbg.testing.Oracle.run(cmd).split("\n");
            // addr2line prints full paths; lineAt names files as gdb does (./<autogenerated> is gdb's
            // <autogenerated> in Go), so where the two differ gdb's info line decides.
            List<Long> differing = new ArrayList<>();
            List<String> differingAnswers = new ArrayList<>();
            for (int i = 0; i < probed.size(); i++) {
                long pc = Long.decode(addresses.get(i));
                String expected = lines[i].replaceAll(" \\(discriminator \\d+\\)", "");
                String actual = index.lineAt(pc).map(SourceLine::toString).orElse("??:0");
                if (!expected.equals(actual) && !expected.startsWith("??")) {
                    differing.add(pc);
                    differingAnswers.add(actual);
                }
            }
            List<String> gdb = GdbInfoLine.of(bin, differing);
            Set<String> mismatches = new HashSet<>();
            for (int i = 0; i < differing.size(); i++) {
                if (!differingAnswers.get(i).equals(gdb.get(i))) {
                    mismatches.add("0x" + Long.toHexString(differing.get(i)) + " " + differingAnswers.get(i)
                            + " vs gdb's " + gdb.get(i));
                }
            }
            assertThat(mismatches).isEmpty();
            assertThat(probed).isNotEmpty();
        }
    }
}
