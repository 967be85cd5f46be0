package io.tinydbg.index;

import io.tinydbg.testing.Oracle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The defined, sized FUNC symbols of a binary as {@code readelf -sW --dyn-syms} prints them. */
final class ReadelfSymbols {
    record Symbol(String name, long value, long size) {
    }

    private ReadelfSymbols() {
    }

    static List<Symbol> sizedFunctions(Path binary) {
        List<Symbol> out = new ArrayList<>();
        for (String line : Oracle.run("readelf", "-sW", "--dyn-syms", binary.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+", 8);
            // Num: Value Size Type Bind Vis Ndx Name
            if (f.length < 8 || !f[0].endsWith(":") || !f[3].equals("FUNC") || f[6].equals("UND")) {
                continue;
            }
            long size = f[2].startsWith("0x") ? Long.parseLong(f[2].substring(2), 16) : Long.parseLong(f[2]);
            long value = Long.parseUnsignedLong(f[1], 16);
            if (size == 0 || value == 0) {
                continue;
            }
            String name = f[7];
            int at = name.indexOf('@');
            if (at > 0) {
                name = name.substring(0, at);
            }
            out.add(new Symbol(name, value, size));
        }
        return out;
    }
}
