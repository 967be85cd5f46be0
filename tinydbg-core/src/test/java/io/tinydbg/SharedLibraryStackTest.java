package io.tinydbg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tinydbg.index.FunctionIndex;
import io.tinydbg.index.FunctionInfo;
import io.tinydbg.index.FunctionPattern;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stacks through shared libraries: a comparator called by libc's qsort and a thread's start routine. Each frame's
 * function is what gdb's {@code bt} names at the same stop, with libc's separate debug file (when the machine has
 * one) and without it (symbols of libc.so.6 alone, as on a machine without libc6-dbg).
 */
@Timeout(180)
class SharedLibraryStackTest {
    private static final List<String> FUNCTIONS = List.of("compare", "in_thread");

    @TempDir
    Path tmp;

    private static List<List<String>> traced(Path bin, List<Path> debugRoots) {
        List<TraceEvent> events = TracerTest.trace(Tracer.exec(bin).functions("^(compare|in_thread)$").stack(64)
                .debugRoots(debugRoots).redirect(Path.of("/dev/null"), null));
        return events.stream().filter(e -> e.kind() == TraceEvent.Kind.CALL)
                .map(e -> e.stack().stream().map(StackFrame::function).toList()).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"stacks-O0", "stacks-O2"})
    void framesInLibcAreNamedAsGdbNamesThemWithTheDebugFile(String fixture) throws Exception {
        Path bin = TracerTest.fixture(fixture);
        Path debugDir = Path.of("/usr/lib/debug");
        List<List<String>> ours = traced(bin, List.of(debugDir));
        List<List<String>> gdb = GdbBacktraces.at(bin, FUNCTIONS, debugDir, tmp);
        assertThat(ours).hasSize(gdb.size()).hasSizeGreaterThan(3);
        for (int i = 0; i < ours.size(); i++) {
            assertThat(ours.get(i)).as("stop %d", i).isEqualTo(gdb.get(i));
        }
        // the stacks really go through libc and end where the thread and the process begin
        List<String> qsort = ours.get(0);
        List<String> thread = ours.get(ours.size() - 1);
        assertThat(qsort.get(0)).isEqualTo("compare");
        assertThat(qsort).contains("main").endsWith("_start");
        assertThat(qsort.subList(1, qsort.indexOf("main"))).isNotEmpty().doesNotContain("?");
        assertThat(thread.get(0)).isEqualTo("in_thread"); // worker tail-jumps to it at -O2: no frame of its own
        if (Files.isDirectory(debugDir.resolve(".build-id"))) {
            assertThat(thread).endsWith("start_thread", "clone3");
        }
    }

    /**
     * With libc's debug file, each frame's file and line are gdb's too: libc's units (DWARF 5, compiled in
     * relative directories such as {@code ./stdlib}) name files as {@code ./stdlib/msort.c}, not as the full path
     * {@code ./stdlib/./stdlib/msort.c} that joining every directory gives.
     */
    @ParameterizedTest
    @ValueSource(strings = {"stacks-O0", "stacks-O2"})
    void framesInLibcAreInTheFilesAndLinesGdbShows(String fixture) throws Exception {
        Path debugDir = Path.of("/usr/lib/debug");
        assumeTrue(Files.isDirectory(debugDir.resolve(".build-id")), "no separate debug files (libc6-dbg)");
        Path bin = TracerTest.fixture(fixture);
        List<TraceEvent> events = TracerTest.trace(Tracer.exec(bin).functions("^(compare|in_thread)$").stack(64)
                .debugRoots(List.of(debugDir)).redirect(Path.of("/dev/null"), null));
        List<List<String>> ours = events.stream().filter(e -> e.kind() == TraceEvent.Kind.CALL)
                .map(e -> e.stack().stream().map(SharedLibraryStackTest::frameText).toList()).toList();
        List<List<String>> gdb = GdbBacktraces.withLines(bin, FUNCTIONS, debugDir, tmp);
        assertThat(ours).hasSize(gdb.size()).hasSizeGreaterThan(3);
        for (int i = 0; i < ours.size(); i++) {
            // gdb stops after the prologue, we at the entry: frame 0 may be a line apart, its file may not
            assertThat(withoutFirstLine(ours.get(i))).as("stop %d", i).isEqualTo(withoutFirstLine(gdb.get(i)));
        }
        assertThat(ours.get(0)).anyMatch(f -> f.contains(" at ./stdlib/")).noneMatch(f -> f.contains("/./"));
    }

    private static List<String> withoutFirstLine(List<String> frames) {
        List<String> out = new ArrayList<>(frames);
        out.set(0, out.get(0).replaceFirst(":\\d+$", ""));
        return out;
    }

    private static String frameText(StackFrame f) {
        return f.function() + " at " + (f.file().isEmpty() ? "?:0" : f.file() + ":" + f.line());
    }

    @ParameterizedTest
    @ValueSource(strings = {"stacks-O0", "stacks-O2"})
    void withoutTheDebugFileLibcFramesAreNamedByItsOwnSymbols(String fixture) throws Exception {
        Path bin = TracerTest.fixture(fixture);
        Path none = Files.createDirectories(tmp.resolve("no-debug-files"));
        List<List<String>> ours = traced(bin, List.of(none));
        List<List<String>> gdb = GdbBacktraces.at(bin, FUNCTIONS, none, tmp);
        assertThat(ours).hasSize(gdb.size());
        for (int i = 0; i < ours.size(); i++) {
            assertThat(ours.get(i)).as("stop %d", i).isEqualTo(gdb.get(i));
        }
        assertThat(ours.get(0)).contains("qsort_r", "__libc_start_main", "main");
    }

    /**
     * At a return the thread is back in the caller; frame 0 is the returning function nonetheless (as Delve's at a
     * return breakpoint): at its only return instruction, or at its entry when it has several. The frames below are
     * those of its entry.
     */
    @ParameterizedTest
    @ValueSource(strings = {"stacks-O0", "stacks-O2"})
    void aReturnStackStartsWithTheReturningFunction(String fixture) throws Exception {
        Path bin = TracerTest.fixture(fixture);
        List<TraceEvent> events = TracerTest.trace(Tracer.exec(bin).functions("^(compare|sum_squares)$").stack(8)
                .redirect(Path.of("/dev/null"), null));
        FunctionInfo compare;
        FunctionInfo sumSquares;
        try (FunctionIndex index = FunctionIndex.open(bin)) {
            compare = index.match(FunctionPattern.compile("^compare$")).get(0);
            sumSquares = index.match(FunctionPattern.compile("^sum_squares$")).get(0);
        }
        assertThat(compare.returns()).hasSize(1);
        int checked = 0;
        TraceEvent call = null;
        for (TraceEvent e : events) {
            if (e.kind() == TraceEvent.Kind.CALL) {
                call = e;
                continue;
            }
            assertThat(call).isNotNull();
            List<StackFrame> at = e.stack();
            List<StackFrame> entry = call.stack();
            long bias = call.function().entryAddress() - (e.function().name().equals("compare") ? compare.entry()
                    : sumSquares.entry());
            FunctionInfo fn = e.function().name().equals("compare") ? compare : sumSquares;
            long expectedPc = fn.returns().size() == 1 ? fn.returns().get(0) + bias : fn.entry() + bias;
            assertThat(at.get(0).function()).isEqualTo(e.function().name());
            assertThat(at.get(0).pc()).isEqualTo(expectedPc);
            assertThat(at.get(0).file()).endsWith("stacks.c");
            // below frame 0, the same frames as at the entry: same return addresses, same names
            assertThat(at.subList(1, at.size())).isEqualTo(entry.subList(1, entry.size()));
            checked++;
        }
        assertThat(checked).isEqualTo(5 + 2); // qsort of 4 ints compares 5 times here; sum_squares twice
        if (fixture.endsWith("O2")) {
            assertThat(sumSquares.returns()).as("the -O2 build leaves by two returns").hasSize(2);
        }
    }
}
