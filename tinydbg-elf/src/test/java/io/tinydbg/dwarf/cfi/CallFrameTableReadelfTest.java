package io.tinydbg.dwarf.cfi;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.dwarf.cfi.testsupport.TestElfSections;
import io.tinydbg.dwarf.expr.X86_64Registers;
import io.tinydbg.testing.Fixtures;
import io.tinydbg.testing.Oracle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every FDE and every row of {@code readelf --debug-dump=frames-interp} (CFA and every register column readelf
 * shows) against {@link CallFrameTable#rowAt(long)}, which goes through {@code .eh_frame_hdr} when present.
 */
class CallFrameTableReadelfTest {
    private static final Pattern SECTION = Pattern.compile("^Contents of the (\\.\\w+) section:");
    private static final Pattern CIE = Pattern.compile("^([0-9a-f]{8}) [0-9a-f]+ [0-9a-f]+ CIE");
    private static final Pattern FDE = Pattern.compile(
            "^([0-9a-f]{8}) [0-9a-f]+ [0-9a-f]+ FDE cie=([0-9a-f]+) pc=([0-9a-f]+)\\.\\.([0-9a-f]+)");
    private static final Pattern HEADER = Pattern.compile("^\\s+LOC\\s+CFA\\s*(.*)$");
    private static final Pattern ROW = Pattern.compile("^([0-9a-f]{16}) (.*)$");
    private static final Pattern CELL = Pattern.compile("r\\d+ \\(\\S+\\)|\\S+");

    /** Rows of one CIE or FDE as readelf prints them: LOC -> cells (CFA first), the last row per LOC. */
    private static final class Entry {
        long offset;
        long cie = -1;
        long begin;
        long end;
        List<String> columns = new ArrayList<>();
        Map<Long, List<String>> rows = new LinkedHashMap<>();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sample-O0", "sample-O2", "shapes-O2", "exprcfi-O2", "exprcfi-debugframe",
        "gosample-nocompress", "rsample-v0", "/lib/x86_64-linux-gnu/libc.so.6"})
    void everyRowMatchesReadelf(String fixture) {
        Path path = fixture.startsWith("/") ? Path.of(fixture) : Fixtures.path(fixture);
        TestElfSections elf = TestElfSections.open(path);
        String out = Oracle.run("readelf", "--debug-dump=no-follow-links", "--debug-dump=frames-interp",
                path.toString());
        Map<String, List<Entry>> bySection = parse(out);
        assertThat(bySection).isNotEmpty();
        int rowsCompared = 0;
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, List<Entry>> section : bySection.entrySet()) {
            CallFrameTable table = section.getKey().equals(".eh_frame") ? CallFrameTable.ehFrame(elf)
                    : CallFrameTable.debugFrame(elf);
            List<Entry> fdes = section.getValue().stream().filter(e -> e.cie >= 0).toList();
            Map<Long, Entry> cies = new HashMap<>();
            section.getValue().stream().filter(e -> e.cie < 0).forEach(e -> cies.put(e.offset, e));
            assertThat(table.descriptions()).as(section.getKey() + " FDE list").containsExactlyElementsOf(
                    fdes.stream().map(e -> new FrameDescription(section.getKey(), e.offset, e.begin, e.end)).toList());
            for (Entry fde : fdes) {
                if (fde.begin == fde.end) {
                    continue;
                }
                // Without instructions of its own an FDE keeps the CIE's initial row for its whole range.
                Entry source = fde.rows.isEmpty() ? cies.get(fde.cie) : fde;
                Map<Long, List<String>> rows = fde.rows.isEmpty()
                        ? Map.of(fde.begin, source.rows.values().stream().reduce((a, b) -> b).orElseThrow())
                        : fde.rows;
                for (Map.Entry<Long, List<String>> row : rows.entrySet()) {
                    Optional<CfaRow> ours = table.rowAt(row.getKey());
                    String expected = String.join(" ", row.getValue());
                    String actual = ours.map(r -> render(r, source.columns)).orElse("<no row>");
                    if (!expected.equals(actual) || ours.get().address() != row.getKey()) {
                        mismatches.add(String.format("FDE %x at %x: readelf %s, ours %s%s", fde.offset,
                                row.getKey(), expected, actual,
                                ours.map(r -> " from " + Long.toHexString(r.address())).orElse("")));
                    }
                    rowsCompared++;
                }
            }
        }
        assertThat(mismatches.subList(0, Math.min(20, mismatches.size()))).isEmpty();
        assertThat(rowsCompared).isGreaterThan(5);
    }

    private static String render(CfaRow row, List<String> columns) {
        List<String> cells = new ArrayList<>();
        if (row.cfa() instanceof CfaRule.RegisterOffset ro) {
            cells.add(name(ro.register()) + (ro.offset() >= 0 ? "+" : "") + (int) ro.offset());
        } else {
            cells.add("exp");
        }
        for (String column : columns) {
            int reg = column.equals("ra") ? row.returnAddressRegister() : X86_64Registers.number(column);
            if (reg < 0 && column.matches("r\\d+")) {
                reg = Integer.parseInt(column.substring(1));
            }
            cells.add(cell(row.rule(reg).orElse(new RegisterRule.Undefined())));
        }
        return String.join(" ", cells);
    }

    private static String cell(RegisterRule rule) {
        if (rule instanceof RegisterRule.Undefined) {
            return "u";
        } else if (rule instanceof RegisterRule.SameValue) {
            return "s";
        } else if (rule instanceof RegisterRule.Offset o) {
            return "c" + (o.offset() >= 0 ? "+" : "") + o.offset();
        } else if (rule instanceof RegisterRule.ValOffset o) {
            return "v" + (o.offset() >= 0 ? "+" : "") + o.offset();
        } else if (rule instanceof RegisterRule.Register r) {
            return "r" + r.register() + " (" + name(r.register()) + ")";
        } else if (rule instanceof RegisterRule.AtExpression) {
            return "exp";
        }
        return "vexp";
    }

    private static String name(int reg) {
        String n = X86_64Registers.name(reg);
        return n == null ? "r" + reg : n;
    }

    private static Map<String, List<Entry>> parse(String out) {
        Map<String, List<Entry>> result = new LinkedHashMap<>();
        List<Entry> current = null;
        Entry entry = null;
        for (String line : out.split("\n")) {
            Matcher m;
            if ((m = SECTION.matcher(line)).find()) {
                current = new ArrayList<>();
                result.put(m.group(1), current);
                entry = null;
            } else if ((m = FDE.matcher(line)).find()) {
                entry = new Entry();
                entry.offset = Long.parseLong(m.group(1), 16);
                entry.cie = Long.parseLong(m.group(2), 16);
                entry.begin = Long.parseUnsignedLong(m.group(3), 16);
                entry.end = Long.parseUnsignedLong(m.group(4), 16);
                current.add(entry);
            } else if ((m = CIE.matcher(line)).find()) {
                entry = new Entry();
                entry.offset = Long.parseLong(m.group(1), 16);
                current.add(entry);
            } else if (entry != null && (m = HEADER.matcher(line)).find()) {
                entry.columns = List.of(m.group(1).trim().split("\\s+"));
            } else if (entry != null && (m = ROW.matcher(line)).find()) {
                List<String> cells = new ArrayList<>();
                Matcher c = CELL.matcher(m.group(2));
                while (c.find()) {
                    cells.add(c.group());
                }
                entry.rows.put(Long.parseUnsignedLong(m.group(1), 16), cells);
            }
        }
        return result;
    }
}
