package io.tinydbg.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.testing.Fixtures;
import io.tinydbg.testing.Oracle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Signatures, parameter names and after-prologue addresses against what gdb says of the same binaries. */
class FunctionIndexGdbTest {
    private static final List<String> C_FUNCTIONS = List.of("add_ints", "work", "mix_unsigned", "scale", "greet",
            "color_name", "make_point", "point_sum", "many_args", "flag_level", "apply", "fib", "countdown",
            "early_returns", "sum_squares", "jump_deep", "file_local", "main");

    private static final Pattern SIGNATURE = Pattern.compile("^(\\d+):\\s+(?:static )?(.*);$");

    @ParameterizedTest
    @ValueSource(strings = {"sample-O0", "sample-O2", "sample-dwarf4", "sample-dwarf5", "sample-nopie"})
    void signaturesEqualGdbsInfoFunctions(String fixture) {
        Path bin = Fixtures.path(fixture);
        List<String> cmd = new ArrayList<>(List.of("gdb", "-nx", "-batch"));
        for (String fn : C_FUNCTIONS) {
            cmd.add("-ex");
            cmd.add("info functions ^" + fn + "$");
        }
        cmd.add(bin.toString());
        Map<String, String> gdb = new LinkedHashMap<>();
        for (String line : Oracle.run(cmd).split("\n")) {
            Matcher m = SIGNATURE.matcher(line.trim());
            if (m.matches()) {
                String sig = m.group(2);
                String name = sig.substring(0, sig.indexOf('(')).replaceAll(".*[ *]", "");
                gdb.put(name, m.group(1) + ": " + sig);
            }
        }
        assertThat(gdb.keySet()).containsAll(C_FUNCTIONS);
        try (FunctionIndex index = FunctionIndex.open(bin)) {
            for (String fn : C_FUNCTIONS) {
                List<FunctionInfo> found = index.match(FunctionPattern.compile("^" + fn + "$"));
                assertThat(found).as(fn).hasSize(1);
                assertThat(signature(found.get(0))).isEqualTo(gdb.get(fn));
                assertThat(found.get(0).source().file()).endsWith("sample.c");
            }
        }
    }

    /** The line gdb's {@code info functions} prints for a C function: {@code 33: int add_ints(int, int)}. */
    private static String signature(FunctionInfo f) {
        String result = f.resultTypes().isEmpty() ? "void" : f.resultTypes().get(0);
        List<String> types = new ArrayList<>();
        for (ParameterInfo p : f.params()) {
            types.add(p.typeName());
        }
        String params = types.isEmpty() ? "void" : String.join(", ", types);
        String sep = result.endsWith("*") ? "" : " ";
        return f.source().line() + ": " + result + sep + f.name() + "(" + params + ")";
    }

    @ParameterizedTest
    @ValueSource(strings = {"sample-O0", "sample-O2"})
    void parameterNamesEqualGdbsInfoScope(String fixture) {
        Path bin = Fixtures.path(fixture);
        try (FunctionIndex index = FunctionIndex.open(bin)) {
            for (String fn : List.of("add_ints", "many_args", "greet", "flag_level", "point_sum")) {
                String scope = Oracle.run("gdb", "-nx", "-batch", "-ex", "info scope " + fn, bin.toString());
                List<String> gdbNames = new ArrayList<>();
                Matcher m = Pattern.compile("Symbol (\\w+) is").matcher(scope);
                while (m.find()) {
                    gdbNames.add(m.group(1));
                }
                List<String> ours = index.match(FunctionPattern.compile("^" + fn + "$")).get(0).params().stream()
                        .map(ParameterInfo::name).toList();
                assertThat(gdbNames).as(fn).startsWith(ours.toArray(String[]::new));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sample-O0", "shapes-O0", "sample-dwarf4"})
    void afterPrologueAddressEqualsGdbsBreakpointAtO0(String fixture) {
        Path bin = Fixtures.path(fixture);
        try (FunctionIndex index = FunctionIndex.open(bin)) {
            List<FunctionInfo> functions = index.all().stream().map(IndexedFunction::function)
                    .filter(FunctionInfo::hasDebugInfo)
                    .filter(f -> !f.linkageName().startsWith("_ZNSt") && !f.name().startsWith("std::"))
                    // gdb resolves every variant of a constructor or destructor (C1/C2, D0/D1/D2) to the one the
                    // DWARF declaration names, so its address for the others is not theirs.
                    .filter(f -> !f.linkageName().matches(".*[CD][0-2]E.*"))
                    .toList();
            // gdb's own choice for 'break FUNCTION'; by linkage name to be unique, each preceded by a marker so a
            // name gdb rejects cannot shift the pairing.
            List<String> breaks = new ArrayList<>(List.of("gdb", "-nx", "-batch"));
            for (int i = 0; i < functions.size(); i++) {
                FunctionInfo f = functions.get(i);
                breaks.add("-ex");
                breaks.add("echo @@" + i + "\\n");
                breaks.add("-ex");
                breaks.add("break '" + (f.linkageName().isEmpty() ? f.name() : f.linkageName()) + "'");
            }
            breaks.add(bin.toString());
            Map<Integer, Long> gdb = new LinkedHashMap<>();
            Pattern at = Pattern.compile("Breakpoint \\d+ at 0x([0-9a-f]+)");
            int current = -1;
            for (String line : Oracle.run(breaks).split("\n")) {
                if (line.startsWith("@@")) {
                    current = Integer.parseInt(line.substring(2).trim());
                    continue;
                }
                Matcher m = at.matcher(line);
                if (m.find() && current >= 0) {
                    gdb.putIfAbsent(current, Long.parseUnsignedLong(m.group(1), 16));
                }
            }
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < functions.size(); i++) {
                Long expected = gdb.get(i);
                FunctionInfo f = functions.get(i);
                if (expected != null && expected != f.prologueEnd()) {
                    wrong.add(f.name() + ": 0x" + Long.toHexString(f.prologueEnd()) + " vs gdb 0x"
                            + Long.toHexString(expected));
                }
            }
            assertThat(gdb).hasSizeGreaterThan(functions.size() / 2);
            assertThat(wrong).isEmpty();
        }
    }
}
