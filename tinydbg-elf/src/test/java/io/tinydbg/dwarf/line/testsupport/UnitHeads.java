package io.tinydbg.dwarf.line.testsupport;

import io.tinydbg.testing.Oracle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only: what the compile units of a fixture say about their line programs (DW_AT_stmt_list, comp_dir, name,
 * address size), read from {@code readelf --debug-dump=info --dwarf-depth=1} because the DIE reader is written
 * elsewhere at the same time.
 */
public final class UnitHeads {
    /** One compile unit's line-table attributes; {@code strOffsetsBase} is -1 when absent. */
    public record UnitHead(long stmtList, String compDir, String name, int addressSize, long strOffsetsBase) {
    }

    private UnitHeads() {
    }

    /** The units that have a DW_AT_stmt_list, in .debug_info order. */
    public static List<UnitHead> of(Path binary) {
        String dump = Oracle.run("readelf", "--debug-dump=info", "--dwarf-depth=1", "-W", binary.toString());
        List<UnitHead> heads = new ArrayList<>();
        Builder b = null;
        for (String line : dump.split("\n")) {
            String t = line.trim();
            if (t.startsWith("Compilation Unit @") || t.startsWith("Type Unit @")) {
                if (b != null) {
                    b.addTo(heads);
                }
                b = new Builder();
            } else if (b != null) {
                if (t.startsWith("Pointer Size:")) {
                    b.addressSize = Integer.parseInt(t.substring("Pointer Size:".length()).trim());
                } else if (t.contains("DW_AT_stmt_list")) {
                    b.stmtList = Long.decode(value(t));
                } else if (t.contains("DW_AT_comp_dir")) {
                    b.compDir = value(t);
                } else if (t.contains("DW_AT_name") && b.name == null) {
                    b.name = value(t);
                } else if (t.contains("DW_AT_str_offsets_base")) {
                    b.strOffsetsBase = Long.decode(value(t));
                }
            }
        }
        if (b != null) {
            b.addTo(heads);
        }
        return heads;
    }

    /** The attribute's value: after the first ": ", minus readelf's "(form)" or "(form description): " prefix. */
    private static String value(String attributeLine) {
        String v = attributeLine.substring(attributeLine.indexOf(": ") + 2).trim();
        while (v.startsWith("(") && v.indexOf(')') > 0) {
            v = v.substring(v.indexOf(')') + 1).trim();
            if (v.startsWith(":")) {
                v = v.substring(1).trim();
            }
        }
        return v;
    }

    private static final class Builder {
        long stmtList = -1;
        String compDir;
        String name;
        int addressSize = 8;
        long strOffsetsBase = -1;

        void addTo(List<UnitHead> heads) {
            if (stmtList >= 0) {
                heads.add(new UnitHead(stmtList, compDir, name, addressSize, strOffsetsBase));
            }
        }
    }
}
