package io.tinydbg.dwarf.testsupport;

import io.tinydbg.testing.Oracle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What {@code readelf --syms} and {@code readelf --debug-dump=aranges} say about a fixture (test oracle). */
public final class Symbols {
    private Symbols() {
    }

    /** A defined FUNC symbol of {@code .symtab} with a non-zero size. */
    public record Function(String name, long address, long size) {
    }

    /** Every sized, defined FUNC symbol of {@code .symtab}. */
    public static List<Function> functions(Path binary) {
        List<Function> out = new ArrayList<>();
        boolean symtab = false;
        for (String line : Oracle.run("readelf", "--syms", "--wide", binary.toString()).split("\n")) {
            if (line.startsWith("Symbol table")) {
                symtab = line.contains("'.symtab'");
                continue;
            }
            String[] f = line.trim().split("\\s+", 8); // names may contain spaces (Go's type..eq.struct { ... })
            if (!symtab || f.length < 8 || !f[3].equals("FUNC") || f[6].equals("UND")) {
                continue;
            }
            long size = f[2].startsWith("0x") ? Long.parseLong(f[2].substring(2), 16) : Long.parseLong(f[2]);
            if (size > 0) {
                out.add(new Function(f[7], Long.parseUnsignedLong(f[1], 16), size));
            }
        }
        return out;
    }

    /** The [low, high) address ranges {@code .debug_aranges} assigns to compile units. */
    public static List<long[]> aranges(Path binary) {
        List<long[]> out = new ArrayList<>();
        for (String line : Oracle.run("readelf", "--debug-dump=aranges", binary.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2 && f[0].matches("[0-9a-f]{8,16}") && f[1].matches("[0-9a-f]{8,16}")) {
                long low = Long.parseUnsignedLong(f[0], 16);
                long len = Long.parseUnsignedLong(f[1], 16);
                if (len > 0) {
                    out.add(new long[] {low, low + len});
                }
            }
        }
        return out;
    }
}
