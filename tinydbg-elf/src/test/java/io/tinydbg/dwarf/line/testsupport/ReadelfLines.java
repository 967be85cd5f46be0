package io.tinydbg.dwarf.line.testsupport;

import io.tinydbg.testing.Oracle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test-only parser of {@code readelf -W --debug-dump=decodedline}: one table per line program (each starts with
 * the "File name  Line number  Starting address  View  Stmt" heading), each a list of rows. A row line is
 * "NAME LINE ADDRESS [VIEW] [x]" (address 0 printed as "0", others with "0x") where LINE is "-" for the end of a sequence; lines naming a directory or a CU
 * ("path:" and "CU: path:") only announce a change of file and are skipped.
 */
public final class ReadelfLines {
    /** One printed row; {@code line} is -1 for an end-of-sequence row; {@code view} is 0 when not printed. */
    public record Row(String file, int line, long address, int view, boolean isStmt) {
    }

    private static final Pattern ROW =
            Pattern.compile("^(\\S+)\\s+(\\d+|-)\\s+(?:0x)?([0-9a-f]+)(?:\\s+(\\d+))?(\\s+x)?\\s*$");

    private ReadelfLines() {
    }

    /** The tables, in .debug_line order. */
    public static List<List<Row>> of(Path binary) {
        String dump = Oracle.run("readelf", "-W", "--debug-dump=decodedline", binary.toString());
        List<List<Row>> tables = new ArrayList<>();
        List<Row> current = null;
        for (String line : dump.split("\n")) {
            if (line.startsWith("File name ") && line.contains("Starting address")) {
                current = new ArrayList<>();
                tables.add(current);
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (current != null && m.matches()) {
                int number = m.group(2).equals("-") ? -1 : Integer.parseInt(m.group(2));
                int view = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
                current.add(new Row(m.group(1), number, Long.parseUnsignedLong(m.group(3), 16), view,
                        m.group(5) != null));
            }
        }
        return tables;
    }
}
