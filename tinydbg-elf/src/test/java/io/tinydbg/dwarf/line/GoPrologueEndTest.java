package io.tinydbg.dwarf.line;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.dwarf.line.PrologueEndGdbTest.Function;
import io.tinydbg.dwarf.line.testsupport.FixturePrograms;
import io.tinydbg.testing.Oracle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Go 1.19 marks prologue_end itself (after the stack-growth check), so {@link LineProgram#prologueEnd} takes
 * the flag and must equal Delve's breakpoint address ({@code dlv exec BIN} + {@code break FN}) for every
 * {@code main.*} function. gdb also honours the flag (since gdb 13) and is compared the same way.
 */
class GoPrologueEndTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"gosample-nl", "gosample"})
    void equalsDelveAndGdbForMainFunctions(String name) throws IOException {
        Path bin = LineProgramReadelfTest.fixture(name);
        FixturePrograms fp = FixturePrograms.of(bin);
        List<Function> mains = PrologueEndGdbTest.coveredFunctions(bin, fp).stream()
                .filter(f -> f.name().startsWith("main.")).toList();
        assertThat(mains).hasSizeGreaterThan(4);
        assertThat(fp.programAt(mains.get(0).low()).orElseThrow().rows()).as("Go sets prologue_end")
                .anyMatch(LineRow::prologueEnd);

        Map<String, Long> dlv = delveBreakAddresses(bin, mains);
        Map<Function, Long> gdb = PrologueEndGdbTest.gdbBreakAddresses(bin, mains);
        assertThat(dlv).as("functions Delve set a breakpoint in").hasSizeGreaterThan(4);
        for (Function f : mains) {
            long ours = PrologueEndGdbTest.prologueEnd(fp, f);
            if (dlv.containsKey(f.name())) {
                assertThat(ours).as("%s %s vs dlv", name, f.name()).isEqualTo(dlv.get(f.name()));
            }
            if (gdb.containsKey(f)) {
                assertThat(ours).as("%s %s vs gdb", name, f.name()).isEqualTo(gdb.get(f));
            }
        }
    }

    private Map<String, Long> delveBreakAddresses(Path bin, List<Function> functions) throws IOException {
        StringBuilder script = new StringBuilder();
        for (Function f : functions) {
            script.append("break ").append(f.name()).append('\n');
        }
        script.append("exit\n");
        Path init = tmp.resolve("dlv-init");
        Files.writeString(init, script);
        String out = Oracle.run("dlv", "exec", bin.toString(), "--allow-non-terminal-interactive=true",
                "--init", init.toString());
        Map<String, Long> addresses = new HashMap<>();
        Matcher m = Pattern.compile("^Breakpoint \\d+ set at 0x([0-9a-f]+) for (\\S+)\\(\\) ", Pattern.MULTILINE)
                .matcher(out);
        while (m.find()) {
            addresses.put(m.group(2), Long.parseUnsignedLong(m.group(1), 16));
        }
        return addresses;
    }
}
