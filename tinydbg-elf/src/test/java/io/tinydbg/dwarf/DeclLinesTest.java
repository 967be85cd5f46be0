package io.tinydbg.dwarf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.testing.Fixtures;
import io.tinydbg.testing.Oracle;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Declaration file and line (file names from the line table header, v2-v5) against gdb's info functions. */
class DeclLinesTest {

    /** name -> "file:line" as gdb lists functions under their "File ...:" heading. */
    static Map<String, String> gdbDeclarations(String fixture) {
        String out = Oracle.run("gdb", "-batch", "-nx", "-ex", "info functions", Fixtures.path(fixture).toString());
        Map<String, String> decls = new HashMap<>();
        String file = null;
        for (String line : out.split("\n")) {
            if (line.startsWith("File ")) {
                file = line.substring(5, line.length() - 1);
            } else if (line.startsWith("Non-debugging symbols")) {
                file = null;
            } else if (file != null && line.matches("^\\d+:\t.*")) {
                String name = QualifiedNamesTest.nameIn(line.substring(line.indexOf('\t') + 1));
                String where = file + ":" + line.substring(0, line.indexOf(':'));
                decls.merge(name, where, (a, b) -> a.equals(b) ? a : "overloaded"); // overloads share a name
            }
        }
        return decls;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sample-O0", "sample-dwarf4", "dwarf-sample-v2", "dwarf-sample-v3",
            "dwarf-sample-64-v4", "dwarf-sample-64", "dwarf-types-O2", "shapes-O0"})
    void declarationsEqualGdbs(String fixture) {
        Dwarf d = FunctionEntriesTest.open(fixture);
        Map<String, String> gdb = gdbDeclarations(fixture);
        int checked = 0;
        for (FunctionEntry f : d.functionEntries()) {
            String expected = gdb.get(f.qualifiedName());
            if (expected == null || expected.equals("overloaded") || f.qualifiedName().contains("<")) {
                continue;
            }
            DwarfFunction fn = d.function(f);
            assertThat(fn.declFile() + ":" + fn.declLine()).as(f.qualifiedName()).isEqualTo(expected);
            assertThat(f.declLine()).isEqualTo(fn.declLine());
            checked++;
        }
        assertThat(checked).isGreaterThan(3);
    }
}
