package io.tinydbg.dwarf.line;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.dwarf.line.testsupport.FixturePrograms;
import io.tinydbg.testing.Oracle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link LineProgram#prologueEnd} against gdb's breakpoint address ({@code break FN}) for every function symbol
 * ({@code nm -S}) that a line program covers. gcc 12 sets no prologue_end flags, so at -O0 gdb finds the end of
 * the frame setup by decoding instructions and moves to the start of the next line-table row: the second row.
 */
class PrologueEndGdbTest {
    /** A sized function symbol: name, entry and end. */
    record Function(String name, long low, long high) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"sample-O0", "shapes-O0", "sample-dwarf4", "sample-dwarf5", "sample-nopie",
            "line-dwarf64", "line-dwarf2", "line-dwarf3"})
    void atO0EqualsGdbBreakAddress(String name) {
        Path bin = LineProgramReadelfTest.fixture(name);
        FixturePrograms fp = FixturePrograms.of(bin);
        Map<Function, Long> gdb = gdbBreakAddresses(bin, coveredFunctions(bin, fp));
        assertThat(gdb).as("functions gdb placed a breakpoint in").hasSizeGreaterThan(10);
        gdb.forEach((f, address) -> assertThat(prologueEnd(fp, f))
                .as("%s %s [0x%x, 0x%x)", name, f.name(), f.low(), f.high()).isEqualTo(address));
    }

    /**
     * Optimized code: gcc still sets no prologue_end, and gdb's instruction analysis finds no frame setup in most
     * functions, so it breaks at the entry; our line-table rule then gives the second row. Each gdb address must
     * be ours or the entry; the split is printed for docs.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sample-O2", "shapes-O2", "sample-dwarf4-O2", "line-dwarf64-v4-O2", "line-multi-O2"})
    void atO2GdbTakesEitherOursOrTheEntry(String name) {
        Path bin = LineProgramReadelfTest.fixture(name);
        FixturePrograms fp = FixturePrograms.of(bin);
        Map<Function, Long> gdb = gdbBreakAddresses(bin, coveredFunctions(bin, fp));
        assertThat(gdb).isNotEmpty();
        int same = 0;
        int entry = 0;
        for (Map.Entry<Function, Long> e : gdb.entrySet()) {
            Function f = e.getKey();
            long ours = prologueEnd(fp, f);
            assertThat(e.getValue()).as("%s %s [0x%x, 0x%x) ours 0x%x", name, f.name(), f.low(), f.high(), ours)
                    .isIn(ours, f.low());
            same += e.getValue() == ours ? 1 : 0;
            entry += e.getValue() == f.low() && ours != f.low() ? 1 : 0;
        }
        System.out.printf("prologue %s: %d functions, %d as gdb, %d where gdb takes the entry%n", name, gdb.size(),
                same, entry);
    }

    static long prologueEnd(FixturePrograms fp, Function f) {
        return fp.programAt(f.low()).orElseThrow().prologueEnd(f.low(), f.high());
    }

    /** The functions of {@code nm -S} whose entry some line program covers, each name once. */
    static List<Function> coveredFunctions(Path bin, FixturePrograms fp) {
        Map<String, Function> byName = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : Oracle.run("nm", "-S", bin.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 4 || !"TtWw".contains(f[2])) {
                continue;
            }
            long low = Long.parseUnsignedLong(f[0], 16);
            long size = Long.parseUnsignedLong(f[1], 16);
            seen.merge(f[3], 1, Integer::sum);
            if (size > 0 && fp.programAt(low).isPresent()) {
                byName.put(f[3], new Function(f[3], low, low + size));
            }
        }
        List<Function> out = new ArrayList<>();
        byName.values().forEach(fn -> {
            if (seen.get(fn.name()) == 1) {
                out.add(fn);
            }
        });
        return out;
    }

    /** gdb's address for {@code break NAME}, for the functions where gdb reports a single location. */
    static Map<Function, Long> gdbBreakAddresses(Path bin, List<Function> functions) {
        List<String> cmd = new ArrayList<>(List.of("gdb", "-nx", "-batch"));
        for (int i = 0; i < functions.size(); i++) {
            // A marker before each command ties the answer to its function even when gdb rejects a name.
            cmd.add("-ex");
            cmd.add("echo @@" + i + "\\n");
            cmd.add("-ex");
            cmd.add("break " + functions.get(i).name());
        }
        cmd.add(bin.toString());
        Map<Function, Long> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("^@@(\\d+)\nBreakpoint \\d+ at 0x([0-9a-f]+): file .*$", Pattern.MULTILINE)
                .matcher(Oracle.run(cmd));
        while (m.find()) {
            out.put(functions.get(Integer.parseInt(m.group(1))), Long.parseUnsignedLong(m.group(2), 16));
        }
        return out;
    }

}
