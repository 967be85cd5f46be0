package io.tinydbg.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tinydbg.dwarf.line.LineProgram;
import io.tinydbg.dwarf.line.LineRow;
import io.tinydbg.dwarf.line.testsupport.FixturePrograms;
import io.tinydbg.testing.Fixtures;
import io.tinydbg.testing.GdbInfoLine;
import io.tinydbg.testing.Oracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The file names the index gives lines, frames and functions ({@link FunctionIndex#lineAt}, the call sites of
 * {@link FunctionIndex#inlinedChainAt}, {@link FunctionInfo#source}) are gdb's, for the paths-* fixtures of build-line.sh: DWARF 4 and 5, each
 * compiled with an absolute source name, a plain one, a ./-prefixed one, and with the compilation directory made
 * relative as distributions build libc. gdb names files neither as addr2line does (full paths) nor as the raw
 * table entries are (see {@link io.tinydbg.dwarf.DisplayFileName}), so only gdb can say which name is right.
 */
class DisplayFileNameGdbTest {
    private static final Pattern FRAME = Pattern.compile("^#(\\d+)\\s+(?:0x([0-9a-f]+) in )?(\\w+) \\(.*\\) at (.+)$");
    private static final Pattern DECLARATION = Pattern.compile("^(\\d+):\t.*?(\\w+)\\(.*\\);$");
    private static final Pattern PC = Pattern.compile("^\\$\\d+ = 0x([0-9a-f]+)$");

    static List<String> fixtures() {
        List<String> out = new ArrayList<>();
        for (String version : List.of("v4", "v5")) {
            for (String build : List.of("absolute", "plain", "dotslash", "mapped", "mapped-root")) {
                out.add("paths-" + version + "-" + build);
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everyLineRowIsNamedAsGdbsInfoLineNamesIt(String fixture) {
        Path bin = Fixtures.path(fixture);
        // Every address a row of the fixture's own unit starts at: together they use every entry of its file table.
        TreeSet<Long> pcs = new TreeSet<>();
        for (LineProgram p : FixturePrograms.of(bin).programs()) {
            for (LineRow r : p.rows()) {
                if (!r.endSequence() && r.line() > 0) {
                    pcs.add(r.address());
                }
            }
        }
        List<String> gdb = GdbInfoLine.of(bin, pcs);
        List<String> ours = new ArrayList<>();
        try (FunctionIndex index = FunctionIndex.open(bin)) {
            for (long pc : pcs) {
                ours.add(index.lineAt(pc).map(l -> l.file() + ":" + l.line()).orElse("none at 0x" + Long.toHexString(pc)));
            }
        }
        assertThat(ours).isEqualTo(gdb);
        // Both headers and the source file appear: the fixture exercises every kind of entry it was built for.
        assertThat(ours).anyMatch(s -> s.contains("local.h:")).anyMatch(s -> s.contains("shared.h:"))
                .anyMatch(s -> s.contains("main.c:"));
    }

    /**
     * The case this was found with: libc built as Debian builds it, whose units have relative compilation
     * directories ({@code ./stdlib}) repeated as directory 0 of their DWARF 5 line tables. Lines at the middle of
     * about 400 functions, spread over all of libc's units, must be named as gdb names them. Needs the distribution's
     * separate debug file for libc (libc6-dbg); skipped without it.
     */
    @Test
    void libcLinesAreNamedAsGdbNamesThemWithItsDebugFile() {
        Path libc = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
        assumeTrue(Files.isRegularFile(libc), "no " + libc);
        try (FunctionIndex index = FunctionIndex.open(libc)) {
            assumeTrue(index.debugFile().isPresent(), "no separate debug file for libc (install libc6-dbg)");
            List<Long> pcs = new ArrayList<>();
            for (IndexedFunction indexed : index.all()) {
                FunctionInfo f = indexed.function();
                if (f.hasDebugInfo() && !f.ranges().isEmpty()) {
                    pcs.add(f.ranges().get(0).low() + f.ranges().get(0).size() / 2);
                }
            }
            int stride = Math.max(1, pcs.size() / 400);
            List<Long> sample = new ArrayList<>();
            List<String> ours = new ArrayList<>();
            for (int i = 0; i < pcs.size(); i += stride) {
                long pc = pcs.get(i);
                index.lineAt(pc).ifPresent(l -> {
                    sample.add(pc);
                    ours.add(text(l));
                });
            }
            List<String> gdb = GdbInfoLine.of(libc, sample);
            // Where several rows share an address of optimized code, gdb may pick another row than ours (the
            // last, as addr2line does); such addresses say nothing of file names, and must stay rare.
            List<String> sameLine = new ArrayList<>();
            List<String> gdbSameLine = new ArrayList<>();
            for (int i = 0; i < sample.size(); i++) {
                if (line(ours.get(i)).equals(line(gdb.get(i)))) {
                    sameLine.add(ours.get(i));
                    gdbSameLine.add(gdb.get(i));
                }
            }
            assertThat(sameLine).as("addresses where gdb picks our line").hasSizeGreaterThan(sample.size() * 9 / 10);
            assertThat(sameLine).isEqualTo(gdbSameLine);
            assertThat(sameLine).anyMatch(s -> s.startsWith("./stdlib/")).anyMatch(s -> s.startsWith("../"))
                    .noneMatch(s -> s.contains("/./"));
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void backtraceFramesInInlinedCodeAreNamedAsGdbsBt(String fixture) {
        Path bin = Fixtures.path(fixture);
        String out = Oracle.run("gdb", "-nx", "-batch", "-ex", "set startup-with-shell off", "-ex", "break twice",
                "-ex", "break thrice", "-ex", "run", "-ex", "bt", "-ex", "p/x $pc", "-ex", "continue", "-ex", "bt",
                "-ex", "p/x $pc", "-ex", "kill", bin.toString());
        // One stop per breakpoint: its frames ("file:line" each) in gdb's words and then in ours.
        List<List<String>> gdbStops = new ArrayList<>();
        List<List<String>> ourStops = new ArrayList<>();
        List<String> frames = new ArrayList<>();
        List<Long> callers = new ArrayList<>();
        try (FunctionIndex index = FunctionIndex.open(bin)) {
            for (String line : out.split("\n")) {
                Matcher f = FRAME.matcher(line.trim());
                if (f.matches()) {
                    frames.add(f.group(4));
                    if (f.group(2) != null) {
                        callers.add(Long.parseUnsignedLong(f.group(2), 16));
                    }
                    continue;
                }
                Matcher p = PC.matcher(line.trim());
                if (p.matches() && !frames.isEmpty()) {
                    gdbStops.add(List.copyOf(frames));
                    ourStops.add(ourFrames(index, Long.parseUnsignedLong(p.group(1), 16), callers));
                    frames.clear();
                    callers.clear();
                }
            }
        }
        assertThat(gdbStops).as("gdb's output:\n%s", out).hasSize(2);
        assertThat(ourStops).isEqualTo(gdbStops);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void functionSourcesAreNamedAsGdbsInfoFunctionsNamesThem(String fixture) {
        Path bin = Fixtures.path(fixture);
        // gdb lists each function under a "File NAME:" heading, as "LINE:\tDECLARATION;".
        Map<String, String> gdb = new TreeMap<>();
        String file = null;
        for (String line : Oracle.run("gdb", "-nx", "-batch", "-ex", "info functions", bin.toString()).split("\n")) {
            Matcher m = DECLARATION.matcher(line);
            if (line.startsWith("File ")) {
                file = line.substring(5, line.length() - 1);
            } else if (line.startsWith("Non-debugging symbols")) {
                file = null;
            } else if (file != null && m.matches()) {
                gdb.put(m.group(2), file + ":" + m.group(1));
            }
        }
        assertThat(gdb).as("gdb's functions").containsOnlyKeys("main", "mix", "halve", "negate");
        Map<String, String> ours = new TreeMap<>();
        try (FunctionIndex index = FunctionIndex.open(bin)) {
            for (String name : gdb.keySet()) {
                for (FunctionInfo f : index.match(FunctionPattern.compile("^" + name + "$"))) {
                    ours.put(f.name(), text(f.source()));
                }
            }
        }
        assertThat(ours).isEqualTo(gdb);
    }

    /**
     * Our frames at a stop at {@code pc}: the line at {@code pc}, the call site of each inlined function (innermost
     * first), then for each real caller the line of the call, just before the return address gdb printed.
     */
    private static List<String> ourFrames(FunctionIndex index, long pc, List<Long> returnAddresses) {
        List<String> out = new ArrayList<>();
        out.add(index.lineAt(pc).map(DisplayFileNameGdbTest::text).orElse("none"));
        List<InlinedCall> chain = index.inlinedChainAt(pc);
        for (int i = chain.size() - 1; i >= 0; i--) {
            out.add(text(chain.get(i).callSite()));
        }
        for (long ret : returnAddresses) {
            out.add(index.lineAt(ret - 1).map(DisplayFileNameGdbTest::text).orElse("none"));
        }
        return out;
    }

    /** The line number of a {@code "file:line"}. */
    private static String line(String fileLine) {
        return fileLine.substring(fileLine.lastIndexOf(':') + 1);
    }

    private static String text(SourceLine l) {
        return l.file() + ":" + l.line();
    }
}
