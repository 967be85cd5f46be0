package io.tinydbg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trace command run as a subprocess ({@code java -cp ... io.tinydbg.cli.Main trace ...}) on the bundled demo,
 * its output compared with golden files after normalising thread ids, pids, addresses and times. Run with
 * {@code -Dtinydbg.updateGolden=true} to rewrite the golden files from the current output.
 */
@Timeout(120)
class TraceCommandTest {
    static final Path DEMO = Path.of("target/demo/demo").toAbsolutePath();
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    @TempDir
    Path tmp;

    /** One run of the command: exit code, stdout (the target's), stderr (the trace). */
    record Run(int exit, String out, String err) {
    }

    static Run tinydbg(String... args) throws IOException, InterruptedException {
        return tinydbg(List.of(), args);
    }

    /** Runs the command in a JVM started with {@code jvmOptions} (such as {@code -Djava.io.tmpdir=...}). */
    static Run tinydbg(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.tinydbg.cli.Main"));
        cmd.addAll(List.of(args));
        return run(new ProcessBuilder(cmd), 100);
    }

    /** Runs {@code command} with no input, its stdout and stderr read apart, within {@code seconds}. */
    static Run run(ProcessBuilder command, int seconds) throws IOException, InterruptedException {
        Process p = command.start();
        p.getOutputStream().close();
        // read both streams fully on their own threads so neither pipe fills up
        StringBuilder out = new StringBuilder();
        Thread t = new Thread(() -> {
            try {
                out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        t.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(seconds, TimeUnit.SECONDS)).isTrue();
        t.join();
        return new Run(p.exitValue(), out.toString(), err);
    }

    /**
     * Thread ids, pids, addresses and times differ between runs; the rest of a line must not. Stack frames outside
     * the demos' sources (libc's, named from its separate debug file only where libc6-dbg is installed; Go's
     * runtime) differ between machines: they become {@code <library>}, and tinydbg-core's SharedLibraryStackTest
     * checks them against gdb instead.
     */
    static String normalise(String text) {
        return text.replaceAll("thread\\(\\d+\\)", "thread(T)")
                .replaceAll("Process \\d+", "Process P")
                .replaceAll("0x[0-9a-f]{6,16}", "0xADDR")
                .replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z", "TIME")
                .replaceAll("/tmp/tmp\\.\\w+/", "GODIR/") // where build.sh built the Go demo
                .replaceAll("(?m)^(\t\t\\d+  0xADDR in )\\S+\n\t\t     at (?!\\./src/|GODIR/).*$",
                        "$1<library>\n\t\t     at <library>");
    }

    static void assertGolden(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        String normalised = normalise(actual);
        if (Boolean.getBoolean("tinydbg.updateGolden") || !Files.exists(file)) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, normalised);
        }
        assertThat(normalised).isEqualTo(Files.readString(file));
    }

    @Test
    void textTraceOfTheDemoEqualsTheGoldenFile() throws Exception {
        Run r = tinydbg("trace", "-e", DEMO.toString(), "^(add_ints|fib|greet|manhattan)$");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("demo total 52");
        assertThat(r.err()).startsWith("> thread(").contains("> thread(" ).contains("fib(5)")
                .contains(">> thread(").endsWith("has exited with status 0\n");
        assertGolden("demo-text.txt", r.err());
    }

    /** Lines of threads interleave differently in every run; sorted, the set of lines must not change. */
    static String sortedLines(String text) {
        return String.join("\n", normalise(text).lines().sorted().toList()) + "\n";
    }

    @Test
    void demosInEveryLanguageEqualTheirGoldenFiles() throws Exception {
        Path dir = DEMO.getParent();
        Run workers = tinydbg("trace", "-e", dir.resolve("workers").toString(), "^(step|depth)$");
        assertThat(workers.exit()).isZero();
        assertGolden("workers-O0.txt", sortedLines(workers.err()));
        Run workersO2 = tinydbg("trace", "-e", dir.resolve("workers-O2").toString(), "^(step|depth)$");
        assertThat(workersO2.exit()).isZero();
        assertGolden("workers-O2.txt", sortedLines(workersO2.err()));
        Run cpp = tinydbg("trace", "-e", dir.resolve("shapes").toString(), "shapes::");
        assertThat(cpp.exit()).isZero();
        assertThat(cpp.err()).contains("shapes::scale(5, 6)").contains("shapes::twice<int> => (8)");
        assertGolden("shapes.txt", cpp.err());
        Path go = dir.resolve("godemo");
        if (Files.exists(go)) {
            Run g = tinydbg("trace", "-e", go.toString(), "^main\\.(Fib|Greet|\\(\\*Counter\\)\\.Bump)$");
            assertThat(g.exit()).isZero();
            assertThat(g.err()).contains("> goroutine(1): main.(*Counter).Bump((*main.Counter)(0x")
                    .contains("> goroutine(1): main.Greet(\"tinydbg\")")
                    .contains(">> goroutine(1): main.Greet => (\"hello tinydbg\")");
            assertGolden("godemo.txt", g.err());
        }
        for (int depth = 1; depth <= 3; depth++) {
            Run f = tinydbg("trace", "-e", DEMO.toString(), "^main$", "--follow-calls", Integer.toString(depth),
                    "-s", "0");
            assertThat(f.exit()).isZero();
            assertGolden("demo-follow-" + depth + ".txt", f.err());
        }
    }

    @Test
    void verboseNamesTimestampsFollowCallsAndStacks() throws Exception {
        Run named = tinydbg("trace", "-e", DEMO.toString(), "^add_ints$", "-v", "1", "--timestamp");
        assertThat(named.exit()).isZero();
        assertThat(named.err()).containsPattern("(?m)^\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z > thread\\(\\d+\\): add_ints\\(a=1, b=10\\)$");
        Run follow = tinydbg("trace", "-e", DEMO.toString(), "^main$", "--follow-calls", "2", "-s", "1");
        assertThat(follow.exit()).isZero();
        assertGolden("demo-follow-calls.txt", follow.err());
        assertThat(follow.err()).contains(" > thread(").contains("):frame(2) add_ints(1, 10)")
                .contains("\tStack:\n\t\t0  0x");
        // at a return, frame 0 is the returning function (Delve's frame 0 at a return breakpoint), then its caller
        Run stack = tinydbg("trace", "-e", DEMO.toString(), "^greet$", "-s", "2");
        assertThat(stack.exit()).isZero();
        assertGolden("demo-stack.txt", stack.err());
        assertThat(normalise(stack.err())).contains(">> thread(T): greet => (7)\n\tStack:\n\t\t0  0xADDR in greet\n"
                + "\t\t     at ./src/main/demo/c/demo.c:15\n\t\t1  0xADDR in main\n");
        Path go = DEMO.resolveSibling("godemo");
        if (Files.exists(go)) {
            Run g = tinydbg("trace", "-e", go.toString(), "^main\\.Greet$", "-s", "2");
            assertThat(g.exit()).isZero();
            assertGolden("godemo-stack.txt", g.err());
        }
        for (int level = 0; level <= 4; level++) {
            Run v = tinydbg("trace", "-e", DEMO.toString(), "^manhattan$", "-v", Integer.toString(level));
            assertThat(v.exit()).isZero();
            // Delve's levels: 0 loads 3 fields (positional values), 1 names the arguments but loads no fields
            assertThat(v.err()).contains(level == 0 ? "manhattan({x = 3, y = -4})"
                    : level == 1 ? "manhattan(p={...})" : "manhattan(p={x = 3, y = -4})");
        }
    }

    @Test
    void jsonlHasEveryFieldOfEveryEvent() throws Exception {
        Path out = tmp.resolve("trace.jsonl");
        Run r = tinydbg("trace", "-e", DEMO.toString(), "^(add_ints|greet)$", "--format", "jsonl", "--out",
                out.toString());
        assertThat(r.exit()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(9); // 4 calls, 4 returns, the end line
        for (String line : lines.subList(0, 8)) {
            assertThat(line).startsWith("{\"kind\":\"").contains("\"function\":", "\"file\":", "\"line\":",
                    "\"tid\":", "\"ts_ns\":", "\"time\":", "\"depth\":0", "\"args\":", "\"results\":", "\"stack\":[]");
        }
        assertThat(lines.get(0)).contains("\"kind\":\"call\"", "\"function\":\"add_ints\"",
                "\"args\":[{\"name\":\"a\",\"type\":\"int\",\"value\":\"0\"},{\"name\":\"b\",\"type\":\"int\",\"value\":\"0\"}]");
        assertThat(lines.get(1)).contains("\"kind\":\"return\"", "\"duration_ns\":",
                "\"results\":[{\"name\":\"\",\"type\":\"int\",\"value\":\"0\"}]");
        assertThat(lines.get(6)).contains("\"function\":\"greet\"", "\"value\":\"\\\"tinydbg\\\"\"");
        assertThat(lines.get(8)).contains("\"kind\":\"end\"", "has exited with status 0");
    }

    @Test
    void chromeOutputHasBalancedBeginAndEndEventsPerThread() throws Exception {
        Path out = tmp.resolve("trace.json");
        Run r = tinydbg("trace", "-e", DEMO.toString(), "^fib$", "--format", "chrome", "--out", out.toString(),
                "--summary");
        assertThat(r.exit()).isZero();
        String json = Files.readString(out);
        assertThat(json.trim()).startsWith("[").contains("fib").doesNotContain("\"pid\":0,");
        json = json.substring(0, json.lastIndexOf(']') + 1);
        assertThat(json.trim()).endsWith("]");
        Map<String, Integer> open = new HashMap<>();
        Matcher m = Pattern.compile("\"ph\":\"([BE])\".*?\"tid\":(\\d+)").matcher(json);
        int events = 0;
        while (m.find()) {
            events++;
            open.merge(m.group(2), m.group(1).equals("B") ? 1 : -1, Integer::sum);
            assertThat(open.get(m.group(2))).isNotNegative();
        }
        assertThat(events).isEqualTo(2 * 15); // fib(5) makes 15 calls
        assertThat(open.values()).allMatch(v -> v == 0);
        assertThat(Files.readString(out)).contains("fib", "15");
    }

    @Test
    void errorsExitWithOneAndSayWhy() throws Exception {
        Run noMatch = tinydbg("trace", "-e", DEMO.toString(), "ad_ints");
        assertThat(noMatch.exit()).isEqualTo(1);
        assertThat(noMatch.err()).contains("no function").contains("close names: add_ints");
        Run badRegex = tinydbg("trace", "-e", DEMO.toString(), "add_(");
        assertThat(badRegex.exit()).isEqualTo(1);
        assertThat(badRegex.err()).contains("invalid regular expression 'add_('");
        Run both = tinydbg("trace", "-e", DEMO.toString(), "-p", "1", "main");
        assertThat(both.exit()).isEqualTo(1);
        assertThat(both.err()).contains("cannot be used together");
        Run missing = tinydbg("trace", "-e", tmp.resolve("nope").toString(), "main");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("nope").contains("no such file");
        Path script = Files.writeString(tmp.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        script.toFile().setExecutable(true);
        Run notElf = tinydbg("trace", "-e", script.toString(), "main");
        assertThat(notElf.exit()).isEqualTo(1);
        assertThat(notElf.err()).isEqualTo("tinydbg: " + script + " is not an ELF file but a script run by /bin/sh"
                + " (trace the program it runs, or the interpreter itself); tinydbg traces x86-64 ELF programs\n");
        Run noPid = tinydbg("trace", "-p", "2147483000", "main");
        assertThat(noPid.exit()).isEqualTo(1);
        assertThat(noPid.err()).contains("2147483000");
    }

    @Test
    void aGoPackageIsBuiltWithoutOptimizationsAndTraced() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(DEMO.resolveSibling("godemo")),
                "go is installed (the demo build made godemo)");
        Path pkg = Files.createDirectories(tmp.resolve("pkg"));
        Files.copy(Path.of("src/main/demo/go/demo.go"), pkg.resolve("main.go"));
        Files.writeString(pkg.resolve("go.mod"), "module godemo\n\ngo 1.19\n");
        Path bin = tmp.resolve("built");
        Run r = tinydbg("trace", pkg.toString(), "^main\\.Fib$", "--output", bin.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).startsWith("> goroutine(1): main.Fib(4)\n").contains(">> goroutine(1): main.Fib => (3)");
        assertThat(bin).isExecutable(); // --output keeps the binary
        Run broken = tinydbg("trace", tmp.resolve("nowhere").toString(), "main");
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.err()).contains("build failed");
    }

    @Test
    void targetArgumentsAfterDashesReachTheProgram() throws Exception {
        Path script = tmp.resolve("args.c");
        Files.writeString(script, "#include <stdio.h>\n__attribute__((noinline)) int count(int n) { return n; }\n"
                + "int main(int argc, char **argv) { printf(\"%s\\n\", argv[argc - 1]); return count(argc) - argc; }\n");
        Path bin = tmp.resolve("args");
        assertThat(new ProcessBuilder("gcc", "-g", "-O0", "-o", bin.toString(), script.toString()).inheritIO()
                .start().waitFor()).isZero();
        Run r = tinydbg("trace", "-e", bin.toString(), "^count$", "--", "one", "two");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("two\n");
        assertThat(r.err()).contains("count(3)").contains("count => (3)");
    }

    /**
     * Waits until the command has attached (the kernel shows it as the target's tracer). It arms every probe before
     * it lets the stopped target run again, so input written after this is traced.
     */
    private static void awaitTracer(int pid, Process tracer) throws IOException, InterruptedException {
        Path status = Path.of("/proc/" + pid + "/status");
        while (tracer.isAlive()) {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("TracerPid:") && !line.endsWith("\t0")) {
                    return;
                }
            }
            tracer.waitFor(20, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("the trace command exited before attaching: "
                + new String(tracer.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void ctrlCDuringAttachLeavesTheTargetRunningAndIntact() throws Exception {
        Path src = tmp.resolve("waiter.c");
        Files.writeString(src, "#include <stdio.h>\n__attribute__((noinline)) long traced(long a) { return a * 7; }\n"
                + "int main(void) { char l[64]; long s = 0, r = 0; setvbuf(stdout, NULL, _IONBF, 0);\n"
                + "  while (fgets(l, sizeof l, stdin)) { for (long i = 0; i < 1000; i++) s += traced(r + i);"
                + " r++; printf(\"%ld\\n\", s); } return 0; }\n");
        Path bin = tmp.resolve("waiter");
        assertThat(new ProcessBuilder("gcc", "-g", "-O0", "-o", bin.toString(), src.toString()).inheritIO()
                .start().waitFor()).isZero();
        Path in = tmp.resolve("in");
        Path outFifo = tmp.resolve("out");
        assertThat(new ProcessBuilder("mkfifo", in.toString(), outFifo.toString()).start().waitFor()).isZero();
        try (RandomAccessFile toTarget = new RandomAccessFile(in.toFile(), "rw");
                RandomAccessFile fromTarget = new RandomAccessFile(outFifo.toFile(), "rw")) {
            // started by a shell so that the target is not this JVM's child (the tracer must attach to a stranger)
            Process shell = new ProcessBuilder("sh", "-c", "'" + bin + "' <'" + in + "' >'" + outFifo
                    + "' & echo $!").start();
            int pid = Integer.parseInt(new BufferedReader(new InputStreamReader(shell.getInputStream())).readLine()
                    .trim());
            toTarget.write("1\n".getBytes());
            String first = fromTarget.readLine();
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), "io.tinydbg.cli.Main", "trace", "-p",
                    Integer.toString(pid), "^traced$"));
            Process tracer = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            BufferedReader trace = new BufferedReader(new InputStreamReader(tracer.getInputStream()));
            awaitTracer(pid, tracer);
            toTarget.write("2\n".getBytes());
            String second = fromTarget.readLine();
            String line = trace.readLine(); // the trace is live: at least one line was printed
            assertThat(line).contains("traced(");
            new ProcessBuilder("kill", "-INT", Long.toString(tracer.pid())).start().waitFor();
            assertThat(tracer.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(tracer.exitValue()).isZero();
            // the target runs on, untraced and intact
            toTarget.write("3\n".getBytes());
            String third = fromTarget.readLine();
            long expected = 0;
            for (long r = 0; r < 3; r++) {
                for (long i = 0; i < 1000; i++) {
                    expected += (r + i) * 7;
                }
            }
            assertThat(Long.parseLong(third)).isEqualTo(expected);
            assertThat(Long.parseLong(second)).isGreaterThan(Long.parseLong(first));
            assertThat(Files.exists(Path.of("/proc/" + pid))).isTrue();
            new ProcessBuilder("kill", Integer.toString(pid)).start().waitFor();
        }
    }
}
