package io.tinydbg.dwarf.line;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.dwarf.line.testsupport.FixturePrograms;
import io.tinydbg.dwarf.line.testsupport.ReadelfLines;
import io.tinydbg.dwarf.line.testsupport.UnitHeads.UnitHead;
import io.tinydbg.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every row of every line program equals what {@code readelf --debug-dump=decodedline} prints. */
class LineProgramReadelfTest {
    static Path fixture(String name) {
        if (name.startsWith("rsample")) {
            Assumptions.assumeTrue(Files.exists(Fixtures.dir().resolve(name)), "rustc did not build " + name);
        }
        return Fixtures.path(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sample-O0", "sample-O2", "sample-dwarf4", "sample-dwarf4-O2", "sample-dwarf5",
            "sample-nopie", "sample-gz", "libsample.so", "shapes-O0", "shapes-O2", "gosample", "gosample-nl",
            "gosample-nocompress", "rsample-legacy", "rsample-v0", "line-dwarf64", "line-dwarf64-v4-O2",
            "line-dwarf2", "line-dwarf3", "line-multi-O2", "line-multi-dwarf4"})
    void rowsEqualReadelfDecodedLine(String name) {
        Path bin = fixture(name);
        FixturePrograms fp = FixturePrograms.of(bin);
        List<List<ReadelfLines.Row>> expected = ReadelfLines.of(bin);

        assertThat(fp.programs()).as("one program per readelf table").hasSize(expected.size()).isNotEmpty();
        for (UnitHead u : fp.units()) {
            assertThat(fp.programs()).as("unit %s's stmt_list is a program", u.name())
                    .anyMatch(p -> p.offset() == u.stmtList());
        }
        for (int t = 0; t < expected.size(); t++) {
            LineProgram p = fp.programs().get(t);
            assertSameRows(actualRows(p), withoutViews(expected.get(t)), name + " table " + t + " (" + p + ")");
        }
    }

    /**
     * Our rows in readelf's terms: base name, line ("-" as -1 at a sequence end), address, is_stmt (readelf never
     * marks an end-of-sequence row). Views are left out: readelf derives them from the opcodes (GNU location
     * views), they are not row data.
     */
    private static List<ReadelfLines.Row> actualRows(LineProgram p) {
        List<ReadelfLines.Row> out = new ArrayList<>();
        for (LineRow r : p.rows()) {
            String file = baseName(p.fileName(r.file()));
            out.add(new ReadelfLines.Row(file, r.endSequence() ? -1 : r.line(), r.address(), 0,
                    r.isStmt() && !r.endSequence()));
        }
        return out;
    }

    /** readelf's rows without views and with base names (it prints a file entry's own relative path). */
    private static List<ReadelfLines.Row> withoutViews(List<ReadelfLines.Row> rows) {
        return rows.stream().map(r -> new ReadelfLines.Row(baseName(r.file()), r.line(), r.address(), 0, r.isStmt())).toList();
    }

    /** Equal lists, reporting the first difference with a little context instead of two huge lists. */
    static void assertSameRows(List<ReadelfLines.Row> actual, List<ReadelfLines.Row> expected, String what) {
        int n = Math.min(actual.size(), expected.size());
        for (int i = 0; i < n; i++) {
            if (!actual.get(i).equals(expected.get(i))) {
                int from = Math.max(0, i - 2);
                assertThat(actual.subList(from, Math.min(n, i + 3)))
                        .as("%s: rows from %d", what, from)
                        .isEqualTo(expected.subList(from, Math.min(n, i + 3)));
            }
        }
        assertThat(actual.size()).as("%s: row count", what).isEqualTo(expected.size());
    }

    static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
