package io.tinydbg.dwarf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.dwarf.types.DwarfType;
import io.tinydbg.testing.Fixtures;
import io.tinydbg.testing.Oracle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Function signatures, parameters and top-level locals against gdb's {@code whatis} and {@code info scope}. */
class ParametersTest {
    private static final Pattern SYMBOL = Pattern.compile("^Symbol (\\S+) is ");
    private static final Pattern LENGTH = Pattern.compile("length (\\d+)\\.$");

    private static final List<String> C_FUNCTIONS = List.of("add_ints", "work", "mix_unsigned", "scale", "greet",
            "color_name", "make_point", "point_sum", "many_args", "flag_level", "apply", "fib", "countdown",
            "early_returns", "sum_squares", "jump_deep", "file_local", "main");

    /** What gdb says of each function: "whatis" type line and the "info scope" symbols with their lengths. */
    record GdbView(Map<String, String> signatures, Map<String, List<String>> scopes) {
    }

    static GdbView gdb(String fixture, List<String> functions) {
        return gdb(fixture, functions, "'");
    }

    static GdbView gdb(String fixture, List<String> functions, String quote) {
        List<String> cmd = new ArrayList<>(List.of("gdb", "-batch", "-nx"));
        for (String f : functions) {
            cmd.add("-ex");
            cmd.add("echo @@" + f + "\\n");
            cmd.add("-ex");
            cmd.add("whatis " + quote + f + quote);
            cmd.add("-ex");
            cmd.add("info scope " + quote + f + quote);
        }
        cmd.add(Fixtures.path(fixture).toString());
        Map<String, String> signatures = new LinkedHashMap<>();
        Map<String, List<String>> scopes = new LinkedHashMap<>();
        String current = null;
        String symbol = null;
        for (String line : Oracle.run(cmd).split("\n")) {
            if (line.startsWith("@@")) {
                current = line.substring(2);
                scopes.put(current, new ArrayList<>());
                continue;
            }
            if (current == null) {
                continue;
            }
            if (line.startsWith("type = ") && !signatures.containsKey(current)) {
                signatures.put(current, line.substring(7));
            }
            Matcher s = SYMBOL.matcher(line);
            if (s.find()) {
                symbol = s.group(1);
            }
            Matcher l = LENGTH.matcher(line);
            if (symbol != null && l.find()) {
                scopes.get(current).add(symbol + ":" + l.group(1));
                symbol = null;
            }
        }
        return new GdbView(signatures, scopes);
    }

    static DwarfFunction function(Dwarf d, String qualifiedName) {
        FunctionEntry e = d.functionEntries().stream().filter(f -> f.qualifiedName().equals(qualifiedName))
                .findFirst().orElseThrow(() -> new AssertionError("no entry " + qualifiedName));
        return d.function(e);
    }

    /** The signature as gdb's whatis prints it: "ret (p1, p2)"; Go's results are parameters of a void function. */
    static String signature(DwarfFunction f, boolean go) {
        StringBuilder sb = new StringBuilder();
        String ret = go ? "void" : f.returnType().map(DwarfType::name).orElse("void");
        // gdb writes "const char *(enum color)": no space after a pointer's star.
        sb.append(ret).append(ret.endsWith("*") || ret.endsWith("&") ? "(" : " (");
        for (int i = 0; i < f.parameters().size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(f.parameters().get(i).type().name());
        }
        if (f.parameters().isEmpty() && !go) {
            sb.append("void");
        }
        return sb.append(")").toString();
    }

    static List<String> scope(DwarfFunction f) {
        List<String> out = new ArrayList<>();
        f.parameters().forEach(p -> out.add(p.name() + ":" + p.type().byteSize()));
        f.locals().forEach(v -> out.add(v.name() + ":" + v.type().byteSize()));
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sample-O0", "sample-O2", "sample-dwarf4", "dwarf-sample-v2", "dwarf-sample-64"})
    void cFunctionsEqualGdb(String fixture) {
        Dwarf d = FunctionEntriesTest.open(fixture);
        GdbView gdb = gdb(fixture, C_FUNCTIONS);
        boolean optimized = d.unitInfo(d.units().get(0)).producer().contains("-O2");
        for (String name : C_FUNCTIONS) {
            DwarfFunction f = function(d, name);
            assertThat(signature(f, false)).as("whatis %s", name).isEqualTo(gdb.signatures().get(name));
            if (optimized) {
                // At -O2 a function may start inside a nested block, whose variables gdb lists first, and gdb
                // leaves out locals folded to constants: every parameter is listed, all common names agree in size.
                List<String> theirs = gdb.scopes().get(name);
                List<String> ours = scope(f);
                for (int i = 0; i < ours.size(); i++) {
                    String entry = ours.get(i);
                    String entryName = entry.substring(0, entry.indexOf(':'));
                    List<String> same = theirs.stream().filter(t -> t.startsWith(entryName + ":")).toList();
                    if (i < f.parameters().size()) {
                        assertThat(same).as("parameter %s of %s", entryName, name).containsExactly(entry);
                    } else if (!same.isEmpty()) {
                        assertThat(same).as("local %s of %s", entryName, name).contains(entry);
                    }
                }
            } else {
                assertThat(scope(f)).as("info scope %s", name).isEqualTo(gdb.scopes().get(name));
            }
        }
    }

    @Test
    void typesFixtureEqualsGdb() {
        // uses_inlines at -O2 starts inside an inlined copy, so gdb's scope there is the copy's block.
        List<String> names = List.of("list_length", "walk", "report_failure", "main");
        for (String fixture : List.of("dwarf-types-O0", "dwarf-types-O2")) {
            Dwarf d = FunctionEntriesTest.open(fixture);
            GdbView gdb = gdb(fixture, names);
            for (String name : names) {
                DwarfFunction f = function(d, name);
                assertThat(signature(f, false)).as("whatis %s", name).isEqualTo(gdb.signatures().get(name));
                assertThat(scope(f)).as("info scope %s", name).isEqualTo(gdb.scopes().get(name));
            }
        }
    }

    @Test
    void cppMethodsEqualGdb() {
        List<String> names = List.of("shapes::Rect::area", "shapes::Rect::scaled", "shapes::thrower", "catcher",
                "shapes::Vec2::operator+", "main");
        for (String fixture : List.of("shapes-O0", "dwarf-shapes-tu4", "dwarf-shapes-tu5")) {
            Dwarf d = FunctionEntriesTest.open(fixture);
            GdbView gdb = gdb(fixture, names);
            for (String name : names) {
                DwarfFunction f = function(d, name);
                assertThat(signature(f, false)).as("whatis %s", name).isEqualTo(gdb.signatures().get(name));
                assertThat(scope(f)).as("info scope %s", name).isEqualTo(gdb.scopes().get(name));
            }
            DwarfFunction area = function(d, "shapes::Rect::area");
            assertThat(area.parameters().get(0).artificial()).isTrue();
            assertThat(area.declFile()).endsWith("/cpp/shapes.cpp");
            assertThat(area.declLine()).isEqualTo(27);
        }
    }

    @Test
    void goFunctionsEqualGdbWithResultsMarked() {
        List<String> names = List.of("main.Add", "main.Divide", "main.Describe", "main.(*Counter).Bump",
                "main.Fib", "main.MakeAdder");
        Dwarf d = FunctionEntriesTest.open("gosample-nl");
        GdbView gdb = gdb("gosample-nl", names);
        for (String name : names) {
            DwarfFunction f = function(d, name);
            assertThat(signature(f, true)).as("whatis %s", name).isEqualTo(gdb.signatures().get(name));
            assertThat(scope(f)).as("info scope %s", name).isEqualTo(gdb.scopes().get(name));
        }
        DwarfFunction divide = function(d, "main.Divide");
        assertThat(divide.parameters()).extracting(Parameter::name).containsExactly("a", "b", "q", "err");
        assertThat(divide.parameters()).extracting(Parameter::isResult)
                .containsExactly(false, false, true, true);
        assertThat(divide.declFile()).endsWith("/go/gosample.go");
        assertThat(divide.unit().language()).isEqualTo("Go");
    }

    @Test
    void rustMethodEqualsGdb() {
        List<String> names = List.of("rsample::Counter::bump");
        Dwarf d = FunctionEntriesTest.open("rsample-legacy");
        GdbView gdb = gdb("rsample-legacy", names, ""); // in Rust mode '...' is a character literal
        DwarfFunction bump = function(d, "rsample::Counter::bump");
        assertThat(scope(bump)).isEqualTo(gdb.scopes().get("rsample::Counter::bump"));
        // gdb prints Rust signatures in Rust syntax, "fn (*mut rsample::Counter, u64) -> u64", naming the self
        // pointer its own way; the DWARF calls it "&mut rsample::Counter".
        assertThat(bump.parameters()).extracting(p -> p.type().name())
                .containsExactly("&mut rsample::Counter", "u64");
        assertThat(gdb.signatures().get("rsample::Counter::bump"))
                .endsWith(", u64) -> " + bump.returnType().orElseThrow().name());
    }
}
