package io.tinydbg.cli;

import static io.tinydbg.cli.TraceCommandTest.assertGolden;
import static io.tinydbg.cli.TraceCommandTest.tinydbg;
import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.cli.TraceCommandTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trace command building a Go package itself, as {@code dlv trace [package]} does: {@code -t} (a test binary),
 * {@code --build-flags}, {@code --output}, a single {@code .go} file, and a package that does not compile. The
 * packages are under {@code src/test/go}; each test copies one into a temporary directory.
 */
@Timeout(300)
class TraceGoBuildTest {
    private static final Path SOURCES = Path.of("src/test/go");

    @TempDir
    Path tmp;

    @BeforeAll
    static void goIsInstalled() throws InterruptedException {
        boolean go;
        try {
            go = new ProcessBuilder("go", "version").start().waitFor() == 0;
        } catch (IOException e) {
            go = false;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(go, "go is installed");
    }

    private Path copy(String name) throws IOException {
        Path to = Files.createDirectories(tmp.resolve(name));
        try (Stream<Path> files = Files.list(SOURCES.resolve(name))) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    /** Goroutine ids of a test binary depend on the testing package's own goroutines; the rest must not change. */
    private static String goroutinesNormalised(String trace) {
        return trace.replaceAll("goroutine\\(\\d+\\)", "goroutine(G)");
    }

    @Test
    void dashTBuildsTheTestBinaryAndTracesTheFunctionItsTestCalls() throws Exception {
        Path pkg = copy("greeter");
        // go test -c compiles package main under its import path, so its functions carry that name
        Run r = tinydbg("trace", "-t", pkg.toString(), "greeter\\.Greet$");
        assertThat(r.exit()).as(r.err()).isZero();
        // the test binary ran the test (not main): Greet("test"), and the test passed (exit status 0)
        assertThat(r.err()).contains("example.com/greeter.Greet(\"test\")")
                .contains("example.com/greeter.Greet => (\"hello test\")")
                .doesNotContain("tinydbg\")").endsWith("has exited with status 0\n");
        assertThat(r.out()).contains("PASS");
        assertGolden("greeter-test.txt", goroutinesNormalised(r.err()));
    }

    @Test
    void buildFlagsReachTheBuildWithTheirQuotedSpaces() throws Exception {
        Path pkg = copy("greeter");
        Run r = tinydbg("trace", pkg.toString(), "^main\\.Greet$", "--build-flags",
                "-tags=loud -ldflags='-X main.greeting=bonjour'");
        assertThat(r.exit()).as(r.err()).isZero();
        // -X set the greeting, -tags=loud chose loud.go's mark: both flags arrived, the quoted one in one piece
        assertThat(r.out()).startsWith("bonjour tinydbg!\n");
        assertThat(r.err()).contains("> goroutine(1): main.Greet(\"tinydbg\")")
                .contains(">> goroutine(1): main.Greet => (\"bonjour tinydbg!\")");
        assertGolden("greeter-build-flags.txt", r.err());
        Run test = tinydbg("trace", "-t", pkg.toString(), "greeter\\.Greet$", "--build-flags", "-tags=loud");
        assertThat(test.exit()).as(test.err()).isZero();
        assertThat(test.err()).contains("greeter.Greet => (\"hello test!\")");
    }

    @Test
    void outputKeepsTheBinaryAndWithoutItTheTemporaryBinaryIsRemoved() throws Exception {
        Path pkg = copy("greeter");
        Path jvmTmp = Files.createDirectories(tmp.resolve("jvm-tmp"));
        List<String> jvm = List.of("-Djava.io.tmpdir=" + jvmTmp);
        Run temporary = tinydbg(jvm, "trace", pkg.toString(), "^main\\.Greet$");
        assertThat(temporary.exit()).as(temporary.err()).isZero();
        // the program printed its own path: a file in the JVM's temporary directory, gone after the command
        Path ran = Path.of(temporary.out().lines().toList().get(1));
        assertThat(ran.getParent()).isEqualTo(jvmTmp);
        assertThat(ran).doesNotExist();
        assertThat(jvmTmp).isEmptyDirectory();

        Path kept = tmp.resolve("greeter-bin");
        Run withOutput = tinydbg(jvm, "trace", pkg.toString(), "^main\\.Greet$", "--output", kept.toString());
        assertThat(withOutput.exit()).as(withOutput.err()).isZero();
        assertThat(Path.of(withOutput.out().lines().toList().get(1))).isEqualTo(kept);
        assertThat(kept).isExecutable();
        Process again = new ProcessBuilder(kept.toString()).start();
        assertThat(new String(again.getInputStream().readAllBytes())).startsWith("hello tinydbg\n");
        assertThat(again.waitFor()).isZero();

        // a failed build leaves nothing behind either
        Run broken = tinydbg(jvm, "trace", copy("broken").toString(), "main");
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(jvmTmp).isEmptyDirectory();
    }

    @Test
    void aSingleGoFileIsBuiltFromItsDirectory() throws Exception {
        Path pkg = copy("greeter");
        Files.delete(pkg.resolve("loud.go")); // a file argument builds just the files named: main.go needs mark
        Files.writeString(pkg.resolve("main.go"), Files.readString(pkg.resolve("main.go"))
                .replace("var greeting = \"hello\"", "var greeting = \"hello\"\n\nconst mark = \"?\""));
        Run r = tinydbg("trace", pkg.resolve("main.go").toString(), "^main\\.Greet$");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains(">> goroutine(1): main.Greet => (\"hello tinydbg?\")");
    }

    @Test
    void aPackageThatDoesNotCompileExitsWithOneAndShowsTheCompilersMessage() throws Exception {
        Path pkg = copy("broken");
        Run r = tinydbg("trace", pkg.toString(), "main");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("main.go:5:2: undefined: undefinedThing")
                .contains("tinydbg: build failed: go build");
        Run test = tinydbg("trace", "-t", pkg.toString(), "main");
        assertThat(test.exit()).isEqualTo(1);
        // go test reports a failed build on stdout; the command shows it on stderr with its own messages
        assertThat(test.err()).contains("undefined: undefinedThing").contains("tinydbg: build failed: go test -c");
        assertThat(test.out()).isEmpty();
    }

    @Test
    void buildOptionsWithExecOrPidAreAUsageError() throws Exception {
        Run r = tinydbg("trace", "-e", TraceCommandTest.DEMO.toString(), "-t", "main");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("--test, --output and --build-flags apply only when building a package");
        Run quote = tinydbg("trace", copy("greeter").toString(), "main", "--build-flags", "-ldflags='-X a=b");
        assertThat(quote.exit()).isEqualTo(1);
        assertThat(quote.err()).contains("unterminated ' quote");
    }
}
