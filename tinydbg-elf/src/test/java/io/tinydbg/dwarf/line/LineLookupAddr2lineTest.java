package io.tinydbg.dwarf.line;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.dwarf.line.testsupport.ElfFileSections;
import io.tinydbg.dwarf.line.testsupport.FixturePrograms;
import io.tinydbg.testing.GdbInfoLine;
import io.tinydbg.testing.Oracle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link LineProgram#lookup} agrees with {@code addr2line -e BIN ADDR...} (GNU binutils' own line-table search)
 * for addresses spread over {@code .text}: file path (joined from comp_dir, directory and name as addr2line
 * joins them) and line ("?" for line 0); where no sequence covers an address addr2line must print no line.
 */
class LineLookupAddr2lineTest {
    @ParameterizedTest
    @CsvSource({"sample-O0, 7", "sample-O2, 7", "sample-dwarf4, 7", "sample-dwarf4-O2, 7", "sample-dwarf5, 7",
            "sample-nopie, 7", "libsample.so, 7", "shapes-O0, 7", "shapes-O2, 7", "line-dwarf64, 7",
            "line-dwarf64-v4-O2, 7", "line-dwarf2, 7", "line-dwarf3, 7", "line-multi-O2, 3", "line-multi-dwarf4, 3",
            "gosample-nl, 0", "gosample, 0", "rsample-v0, 0"})
    void lookupAgreesWithAddr2line(String name, int step) {
        Path bin = LineProgramReadelfTest.fixture(name);
        FixturePrograms fp = FixturePrograms.of(bin);
        ElfFileSections sections = fp.sections();
        long text = sections.sectionAddress(".text").orElseThrow();
        int size = sections.section(".text").orElseThrow().limit();
        // Step 0: about 400 addresses over the whole of .text (Go and Rust binaries are large).
        long stride = step > 0 ? step : Math.max(1, size / 400 | 1);
        List<Long> pcs = new ArrayList<>();
        for (long pc = text; pc < text + size; pc += stride) {
            pcs.add(pc);
        }
        List<String> expected = addr2line(bin, pcs);
        int known = 0;
        List<Long> disagreements = new ArrayList<>();
        List<String> disagreeingAnswers = new ArrayList<>();
        for (int i = 0; i < pcs.size(); i++) {
            Optional<LineLocation> loc = fp.lookup(pcs.get(i));
            String want = expected.get(i).replaceFirst(" \\(discriminator \\d+\\)$", "");
            if (loc.isEmpty()) {
                // Without a line row addr2line falls back to the symbol table's STT_FILE name, with no line.
                assertThat(want).as("%s pc 0x%x has no line row", name, pcs.get(i)).matches(".*:[?0]");
                continue;
            }
            LineLocation l = loc.get();
            String actual = l.file() + ":" + (l.line() == 0 ? "?" : l.line());
            if (!actual.equals(want)) {
                disagreements.add(pcs.get(i));
                disagreeingAnswers.add(actual);
            }
            known++;
        }
        // BFD and gdb differ on a few rows (BFD names the wrong file for some DWARF 5 sequences that start in a
        // header, e.g. std::__is_constant_evaluated in shapes-O0); there gdb's "info line" decides, and such
        // cases must stay rare.
        assertThat(disagreements.size()).as("%s: addresses where addr2line disagrees: %s", name, disagreements)
                .isLessThanOrEqualTo(pcs.size() / 50);
        List<String> gdb = GdbInfoLine.of(bin, disagreements);
        for (int i = 0; i < disagreements.size(); i++) {
            assertThat(disagreeingAnswers.get(i)).as("%s pc 0x%x (addr2line disagrees; gdb decides)", name,
                    disagreements.get(i)).isEqualTo(gdb.get(i));
        }
        assertThat(known).as("addresses with a line").isGreaterThan(pcs.size() / 4);
    }

    private static List<String> addr2line(Path bin, List<Long> pcs) {
        List<String> out = new ArrayList<>();
        for (int from = 0; from < pcs.size(); from += 500) {
            List<String> cmd = new ArrayList<>(List.of("addr2line", "-e", bin.toString()));
            for (long pc : pcs.subList(from, Math.min(pcs.size(), from + 500))) {
                cmd.add("0x" + Long.toHexString(pc));
            }
            out.addAll(List.of(Oracle.run(cmd).split("\n")));
        }
        assertThat(out).hasSize(pcs.size());
        return out;
    }
}
