package io.tinydbg.dwarf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.testing.Fixtures;
import io.tinydbg.testing.Oracle;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Qualified C++ and Rust function names against gdb's {@code info functions}. */
class QualifiedNamesTest {

    /** The function names gdb lists under "File ...:" headings (the text before the parameter list). */
    static Set<String> gdbFunctionsOf(String fixture) {
        String out = Oracle.run("gdb", "-batch", "-ex", "info functions", Fixtures.path(fixture).toString());
        Set<String> names = new LinkedHashSet<>();
        boolean inSource = false;
        for (String line : out.split("\n")) {
            if (line.startsWith("File ")) {
                inSource = true;
                continue;
            }
            if (line.isBlank() || !line.contains(":\t")) {
                inSource = inSource && !line.isBlank();
                continue;
            }
            if (inSource) {
                names.add(nameIn(line.substring(line.indexOf(":\t") + 2)));
            }
        }
        return names;
    }

    static boolean comparable(String name) {
        return !name.isEmpty() && !name.contains("<") && !name.contains("(");
    }

    /**
     * The function name in a gdb declaration such as {@code shapes::Shape **std::copy<a, b>(x, y);}: the text
     * between the last space outside template brackets and the first '(' outside them, without pointer sigils.
     */
    static String nameIn(String decl) {
        int depth = 0;
        int open = decl.length();
        for (int i = 0; i < decl.length(); i++) {
            char ch = decl.charAt(i);
            if (ch == '<') {
                depth++;
            } else if (ch == '>') {
                depth--;
            } else if (ch == '(' && depth == 0 && !decl.startsWith("operator", Math.max(0, i - 8))) {
                open = i;
                break;
            }
        }
        int start = 0;
        depth = 0;
        for (int i = open - 1; i >= 0; i--) {
            char ch = decl.charAt(i);
            if (ch == '>') {
                depth++;
            } else if (ch == '<') {
                depth--;
            } else if (ch == ' ' && depth == 0) {
                start = i + 1;
                break;
            }
        }
        String name = decl.substring(start, open);
        while (name.startsWith("*") || name.startsWith("&")) {
            name = name.substring(1);
        }
        return name;
    }

    @ParameterizedTest
    @CsvSource({"shapes-O0, shapes.cpp", "shapes-O2, shapes.cpp", "dwarf-shapes-tu4, shapes.cpp",
            "dwarf-shapes-tu5, shapes.cpp", "rsample-legacy, rsample.rs", "rsample-v0, rsample.rs"})
    void namesOfTheFixtureSourceEqualGdbs(String fixture, String source) {
        Set<String> gdb = gdbFunctionsOf(fixture);
        assertThat(gdb).isNotEmpty();
        Dwarf dwarf = FunctionEntriesTest.open(fixture);
        // gdb rebuilds template names from the demangler ("std::min<unsigned long>" where DW_AT_name says
        // "min<long unsigned int>"), so only names without template arguments are compared.
        Set<String> ours = dwarf.functionEntries().stream()
                .map(FunctionEntry::qualifiedName)
                .filter(QualifiedNamesTest::comparable)
                // A class local to a function (libstdc++'s _Guard): gdb prefixes the enclosing function's whole
                // signature, which the index does not build.
                .filter(n -> !n.startsWith("_Guard::"))
                .collect(Collectors.toSet());
        Set<String> expected = gdb.stream().filter(QualifiedNamesTest::comparable).collect(Collectors.toSet());
        assertThat(expected).as("comparable gdb names").hasSizeGreaterThan(5);
        Set<String> missing = new java.util.TreeSet<>(expected);
        missing.removeAll(ours);
        Set<String> extra = new java.util.TreeSet<>(ours);
        extra.removeAll(expected);
        assertThat(missing).as("gdb names we lack; ours extra: %s", extra).isEmpty();
        assertThat(extra).as("names gdb does not list").isEmpty();
    }

    /** Type units move class definitions out of the compile unit; the qualified names must not change. */
    @Test
    void typeUnitsGiveTheSameNames() {
        Set<String> plain = FunctionEntriesTest.open("shapes-O0").functionEntries().stream()
                .map(FunctionEntry::qualifiedName).collect(Collectors.toSet());
        for (String fixture : List.of("dwarf-shapes-tu4", "dwarf-shapes-tu5")) {
            Set<String> withTypeUnits = FunctionEntriesTest.open(fixture).functionEntries().stream()
                    .map(FunctionEntry::qualifiedName).collect(Collectors.toSet());
            assertThat(withTypeUnits).as(fixture).isEqualTo(plain);
        }
    }

    @Test
    void outOfLineMethodHasItsClassAndLinkageName() {
        Dwarf dwarf = FunctionEntriesTest.open("shapes-O0");
        List<FunctionEntry> area = dwarf.functionEntries().stream()
                .filter(f -> f.qualifiedName().equals("shapes::Rect::area")).toList();
        assertThat(area).hasSize(1);
        assertThat(area.get(0).name()).isEqualTo("area");
        assertThat(area.get(0).linkageName()).isEqualTo("_ZNK6shapes4Rect4areaEv");
        assertThat(area.get(0).declLine()).isEqualTo(27);
        assertThat(area.get(0).originOffset()).isNotEqualTo(area.get(0).dieOffset());
    }

    @Test
    void rustMethodIsQualifiedThroughItsDeclaration() {
        Dwarf dwarf = FunctionEntriesTest.open("rsample-legacy");
        assertThat(dwarf.functionEntries()).filteredOn(f -> f.qualifiedName().equals("rsample::Counter::bump"))
                .singleElement().satisfies(f -> assertThat(f.linkageName()).startsWith("_ZN7rsample7Counter4bump"));
    }

    @Test
    void goNamesArePlain() {
        Dwarf dwarf = FunctionEntriesTest.open("gosample");
        assertThat(dwarf.functionEntries()).extracting(FunctionEntry::qualifiedName)
                .contains("main.(*Counter).Bump", "main.Divide", "main.MakeAdder.func1");
    }
}
