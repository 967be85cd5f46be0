package io.tinydbg.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * gdb's {@code "file:line"} for addresses of a binary, from {@code info line *ADDR}: the file named as gdb shows it
 * in {@code bt} (neither a full path nor the raw file-table entry), one answer per address, in order.
 */
public final class GdbInfoLine {
    private static final Pattern ANSWER = Pattern.compile("^Line (\\d+) of \"([^\"]+)\"", Pattern.MULTILINE);

    private GdbInfoLine() {
    }

    /** @throws AssertionError when gdb does not answer every address with a line */
    public static List<String> of(Path binary, Collection<Long> pcs) {
        if (pcs.isEmpty()) {
            return List.of();
        }
        List<String> cmd = new ArrayList<>(List.of("gdb", "-nx", "-batch"));
        for (long pc : pcs) {
            cmd.add("-ex");
            cmd.add("info line *0x" + Long.toHexString(pc));
        }
        cmd.add(binary.toString());
        List<String> out = new ArrayList<>();
        Matcher m = ANSWER.matcher(Oracle.run(cmd));
        while (m.find()) {
            out.add(m.group(2) + ":" + m.group(1));
        }
        if (out.size() != pcs.size()) {
            throw new AssertionError("gdb answered " + out.size() + " of " + pcs.size() + " addresses of " + binary);
        }
        return out;
    }
}
