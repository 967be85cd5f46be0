package io.tinydbg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What gdb's backtrace shows at every stop at the given functions: the function name of each frame, innermost
 * first, with {@code backtrace past-main} on so that the frames below main count too. gdb's Python API walks the
 * frames (so each is named exactly as {@code bt} names it) and leaves out the tail-call frames gdb synthesizes from
 * DWARF call-site information ({@code __GI_qsort} between {@code __qsort_r} and main at -O2): those functions left
 * by a jump and have no frame on the stack, and tinydbg, like Delve, shows only frames that exist. A frame no
 * symbol covers (gdb's {@code ??}) is returned as tinydbg writes it, {@code ?}.
 */
final class GdbBacktraces {
    private static final String MARK = "TINYDBG-STACK:";

    private GdbBacktraces() {
    }

    /** @param debugFileDirectory gdb's {@code debug-file-directory}: where separate debug files are looked for */
    static List<List<String>> at(Path binary, List<String> functions, Path debugFileDirectory, Path scratch)
            throws IOException, InterruptedException {
        return at(binary, functions, debugFileDirectory, scratch, "f.name() or '?'");
    }

    /**
     * As {@link #at}, each frame as {@code function at file:line}: the file as {@code bt} shows it (the symtab's
     * file name, relative as the debug information wrote it) and the line, {@code ?:0} where gdb has no line.
     */
    static List<List<String>> withLines(Path binary, List<String> functions, Path debugFileDirectory, Path scratch)
            throws IOException, InterruptedException {
        return at(binary, functions, debugFileDirectory, scratch, "(f.name() or '?') + ' at ' + ("
                + "f.find_sal().symtab.filename + ':' + str(f.find_sal().line) if f.find_sal().symtab else '?:0')");
    }

    private static List<List<String>> at(Path binary, List<String> functions, Path debugFileDirectory, Path scratch,
            String frameText) throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder("set pagination off\nset backtrace past-main on\n"
                + "set startup-with-shell off\nset debug-file-directory " + debugFileDirectory + "\n"
                + "python\n"
                + "class Show(gdb.Breakpoint):\n"
                + "    def stop(self):\n"
                + "        names = []\n"
                + "        f = gdb.newest_frame()\n"
                + "        while f is not None:\n"
                + "            if f.type() != gdb.TAILCALL_FRAME:\n"
                + "                names.append(" + frameText + ")\n"
                + "            f = f.older()\n"
                + "        print('" + MARK + "' + '|'.join(names))\n"
                + "        return False\n");
        for (String f : functions) {
            script.append("Show('").append(f).append("')\n");
        }
        script.append("end\nrun\n");
        Path file = Files.writeString(Files.createTempFile(scratch, "bt", ".gdb"), script);
        Process p = new ProcessBuilder("gdb", "-nx", "-batch", "-x", file.toString(), binary.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("gdb timed out");
        }
        List<List<String>> stacks = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith(MARK)) {
                stacks.add(Arrays.asList(line.substring(MARK.length()).split("\\|")));
            }
        }
        if (stacks.isEmpty()) {
            throw new AssertionError("gdb printed no stack:\n" + out);
        }
        return stacks;
    }
}
