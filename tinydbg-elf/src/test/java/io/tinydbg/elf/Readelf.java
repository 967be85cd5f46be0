package io.tinydbg.elf;

import io.tinydbg.testing.Oracle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs readelf (with LC_ALL=C output) and parses the listings the ELF tests compare with. */
final class Readelf {
    private Readelf() {
    }

    static String run(String option, Path file) {
        return Oracle.run("env", "LC_ALL=C", "readelf", "-W", option, file.toString());
    }

    record Section(int index, String name, String type, long addr, long offset, long size, long entsize,
                   String flags, int link, int info, long align) {
    }

    private static final Pattern SECTION = Pattern.compile("^\\s*\\[\\s*(\\d+)]\\s+(\\S*?)\\s*(\\S+)\\s+"
            + "([0-9a-f]{16}) ([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+)\\s+([A-Za-z]*)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$");

    static List<Section> sections(Path file) {
        List<Section> result = new ArrayList<>();
        for (String line : run("-S", file).split("\n")) {
            Matcher m = SECTION.matcher(line);
            if (m.matches()) {
                result.add(new Section(Integer.parseInt(m.group(1)), m.group(2), m.group(3), hex(m.group(4)),
                        hex(m.group(5)), hex(m.group(6)), hex(m.group(7)), m.group(8), Integer.parseInt(m.group(9)),
                        Integer.parseInt(m.group(10)), Long.parseLong(m.group(11))));
            }
        }
        return result;
    }

    record Segment(String type, long offset, long vaddr, long paddr, long filesz, long memsz, String flags,
                   long align) {
    }

    private static final Pattern SEGMENT = Pattern.compile("^\\s+(\\S+)\\s+0x([0-9a-f]+) 0x([0-9a-f]+) "
            + "0x([0-9a-f]+) 0x([0-9a-f]+) 0x([0-9a-f]+) (.{3}) (?:0x)?([0-9a-f]+)$");

    static List<Segment> segments(Path file) {
        List<Segment> result = new ArrayList<>();
        for (String line : run("-l", file).split("\n")) {
            Matcher m = SEGMENT.matcher(line);
            if (m.matches()) {
                result.add(new Segment(m.group(1), hex(m.group(2)), hex(m.group(3)), hex(m.group(4)),
                        hex(m.group(5)), hex(m.group(6)), m.group(7), hex(m.group(8))));
            }
        }
        return result;
    }

    /** One symbol line; {@code name} is exactly as readelf prints it (with any @VERSION and " (n)"). */
    record Symbol(int num, long value, long size, String type, String bind, String vis, String ndx, String name) {
    }

    private static final Pattern SYMBOL = Pattern.compile("^\\s*(\\d+): ([0-9a-f]{16})\\s+(0x[0-9a-f]+|\\d+)\\s+"
            + "(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+) ?(.*)$");
    private static final Pattern TABLE = Pattern.compile("^Symbol table '([^']+)' contains (\\d+) entr");

    /** Symbol tables by name ({@code .symtab}, {@code .dynsym}). */
    static Map<String, List<Symbol>> symbols(Path file) {
        Map<String, List<Symbol>> result = new LinkedHashMap<>();
        List<Symbol> current = null;
        for (String line : Oracle.run("env", "LC_ALL=C", "readelf", "-W", "-s", "--dyn-syms", file.toString())
                .split("\n")) {
            Matcher t = TABLE.matcher(line);
            if (t.find()) {
                current = result.computeIfAbsent(t.group(1), k -> new ArrayList<>());
                if (!current.isEmpty()) {
                    current = new ArrayList<>(); // readelf lists .dynsym twice with -s --dyn-syms; keep the first
                }
                continue;
            }
            Matcher m = SYMBOL.matcher(line);
            if (m.matches() && current != null) {
                String size = m.group(3);
                current.add(new Symbol(Integer.parseInt(m.group(1)), hex(m.group(2)),
                        size.startsWith("0x") ? hex(size.substring(2)) : Long.parseLong(size), m.group(4),
                        m.group(5), m.group(6), m.group(7), m.group(8)));
            }
        }
        return result;
    }

    static long hex(String s) {
        return Long.parseUnsignedLong(s, 16);
    }
}
