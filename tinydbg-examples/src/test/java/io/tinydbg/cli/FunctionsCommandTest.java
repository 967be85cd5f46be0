package io.tinydbg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code functions} command on the bundled demo, against nm and objdump, and its errors. */
class FunctionsCommandTest {
    private static final Path DEMO = Path.of("target/demo/demo");

    /** What one run of the tool printed and returned. */
    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.run(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static String oracle(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] bytes = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void jsonlListsEntryPrologueReturnsAndParamsAsTheToolsSeeThem() throws Exception {
        Run r = run("functions", DEMO.toString(), "^add_ints$", "--format", "jsonl");
        assertThat(r.exit()).isZero();
        String[] lines = r.out().strip().split("\n");
        assertThat(lines).hasSize(1);
        String json = lines[0];
        String nm = oracle("nm", DEMO.toString());
        String entry = nm.lines().filter(l -> l.endsWith(" T add_ints")).findFirst().orElseThrow().split(" ")[0]
                .replaceFirst("^0+", "");
        assertThat(json).contains("\"name\":\"add_ints\"").contains("\"entry\":\"0x" + entry + "\"")
                .contains("\"params\":[{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"int\"}]")
                .contains("\"file\":").contains("demo.c").contains("\"line\":11");
        String objdump = oracle("objdump", "-d", "--no-show-raw-insn", "--disassemble=add_ints", DEMO.toString());
        String ret = objdump.lines().filter(l -> l.trim().matches("[0-9a-f]+:\\s+ret.*")).findFirst()
                .orElseThrow().trim().split(":")[0];
        assertThat(json).contains("\"returns\":[\"0x" + ret + "\"]");
    }

    @Test
    void textListsEveryFunctionWithoutARegexAndIndentsFollowedCalls() {
        Run all = run("functions", DEMO.toString());
        assertThat(all.exit()).isZero();
        assertThat(all.out()).contains("add_ints 0x", "fib 0x", "greet 0x", "manhattan 0x", "main 0x");
        Run follow = run("functions", DEMO.toString(), "^main$", "--follow-calls", "2", "--format", "jsonl");
        assertThat(follow.out()).contains("\"name\":\"fib\"").contains("\"depth\":2");
        Run text = run("functions", DEMO.toString(), "^main$", "--follow-calls", "2");
        assertThat(text.out().lines()).contains(text.out().lines().filter(l -> l.startsWith(" fib 0x"))
                .findFirst().orElseThrow());
    }

    @Test
    void errorsAreOneLineAndExitCodeOne(@TempDir Path dir) throws IOException {
        Run missing = run("functions", dir.resolve("nope").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).startsWith("tinydbg: ").contains("nope").contains("no such file");
        Path text = Files.writeString(dir.resolve("readme.txt"), "not an executable");
        Run notElf = run("functions", text.toString());
        assertThat(notElf.exit()).isEqualTo(1);
        assertThat(notElf.err()).startsWith("tinydbg: ").contains("readme.txt").contains("not an ELF");
        Run badRegex = run("functions", DEMO.toString(), "add_(ints");
        assertThat(badRegex.exit()).isEqualTo(1);
        assertThat(badRegex.err()).contains("invalid regular expression 'add_(ints'");
        assertThat(badRegex.err().lines().count()).isEqualTo(1);
    }
}
