package io.tinydbg.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tinydbg.TinydbgException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Launch options, early probes, kill, Go targets. */
class LaunchTest {
    @TempDir
    Path tmp;

    @Test
    void environmentDirectoryAndRedirectionApply() throws Exception {
        Path out = tmp.resolve("env.txt");
        try (TraceEngine e = TraceEngine.launch(LaunchSpec.of(Path.of("/usr/bin/env"))
                .withEnvironment(Map.of("TINYDBG_X", "42")).withStdout(out), EngineOptions.defaults(), null)) {
            e.resume();
            assertThat(e.awaitExit(Duration.ofMinutes(1))).isZero();
        }
        assertThat(Files.readAllLines(out)).contains("TINYDBG_X=42");
        Path pwd = tmp.resolve("pwd.txt");
        try (TraceEngine e = TraceEngine.launch(LaunchSpec.of(Path.of("/bin/pwd")).withDirectory(tmp)
                .withStdout(pwd), EngineOptions.defaults(), null)) {
            e.resume();
            assertThat(e.awaitExit(Duration.ofMinutes(1))).isZero();
        }
        assertThat(Files.readString(pwd).trim()).isEqualTo(tmp.toRealPath().toString());
    }

    @Test
    void aProbeOnMainSeesTheFirstCallBecauseTracingIsArmedBeforeTheFirstInstruction() throws Exception {
        Path bin = EngineFixtures.path("recurse-O0");
        AtomicLong mains = new AtomicLong();
        try (TraceEngine e = TraceEngine.launch(LaunchSpec.of(bin, "3").withStdout(tmp.resolve("o")),
                EngineOptions.defaults(), null)) {
            e.addProbe(e.loadBias() + EngineFixtures.symbol(bin, "main"), hit -> mains.incrementAndGet());
            e.resume();
            assertThat(e.awaitExit(Duration.ofMinutes(1))).isZero();
        }
        assertThat(mains.get()).isEqualTo(1);
    }

    @Test
    void floatingPointArgumentAndResultComeFromXmmRegisters() throws Exception {
        Path bin = EngineFixtures.path("recurse-O0");
        double[] seen = new double[2];
        try (TraceEngine e = TraceEngine.launch(LaunchSpec.of(bin, "3").withStdout(tmp.resolve("o")),
                EngineOptions.defaults(), null)) {
            e.addProbe(e.loadBias() + EngineFixtures.symbol(bin, "half"), hit -> {
                seen[0] = asDouble(hit.xmm(0));
                hit.traceReturn(r -> seen[1] = asDouble(r.xmm0()));
            });
            e.resume();
            assertThat(e.awaitExit(Duration.ofMinutes(1))).isZero();
        }
        assertThat(seen).containsExactly(5.0, 2.5);
    }

    private static double asDouble(byte[] xmm) {
        return java.nio.ByteBuffer.wrap(xmm).order(java.nio.ByteOrder.LITTLE_ENDIAN).getDouble(0);
    }

    @Test
    void goReturnsSurviveStackGrowthThroughReturnSitesKeyedByGoroutine() throws Exception {
        Path bin = EngineFixtures.path("gowork");
        long deep = EngineFixtures.symbol(bin, "main.deep");
        // the RET instructions of main.deep, from objdump (what the function index will provide)
        String dis = EngineFixtures.run("objdump", "-d", "--no-show-raw-insn", bin.toString());
        String body = dis.substring(dis.indexOf("<main.deep>:"));
        body = body.substring(0, body.indexOf("\n\n"));
        long[] rets = java.util.regex.Pattern.compile("(?m)^\\s*([0-9a-f]+):\\s*ret").matcher(body).results()
                .mapToLong(m -> Long.parseLong(m.group(1), 16)).toArray();
        assertThat(rets).isNotEmpty();
        AtomicLong entries = new AtomicLong();
        AtomicLong returns = new AtomicLong();
        AtomicLong wrong = new AtomicLong();
        Path out = tmp.resolve("o");
        try (TraceEngine e = TraceEngine.launch(LaunchSpec.of(bin, "1", "deep").withStdout(out),
                EngineOptions.defaults(), null)) {
            e.addProbe(e.loadBias() + deep, hit -> {
                entries.incrementAndGet();
                long n = hit.register(X86Registers.RAX);
                long expected = 0;
                for (long k = 1; k <= n; k++) {
                    expected += k % 256;
                }
                long want = expected;
                hit.traceGoReturn(rets, GoroutinePointer.REGISTER, true, r -> {
                    returns.incrementAndGet();
                    if (r.rax() != want) {
                        wrong.incrementAndGet();
                    }
                });
            });
            e.resume();
            assertThat(e.awaitExit(Duration.ofMinutes(1))).isZero();
            assertThat(e.stats().unwound()).isZero();
        }
        assertThat(Files.readAllLines(out)).containsExactly("1", "20100");
        assertThat(entries.get()).isEqualTo(201); // restarts after stack growth are not reported twice
        assertThat(returns.get()).isEqualTo(201);
        assertThat(wrong.get()).isZero();
    }

    @Test
    void killGives128PlusSignalAndMissingProgramsFailClearly() throws Exception {
        Path in = tmp.resolve("in");
        EngineFixtures.run("mkfifo", in.toString());
        try (RandomAccessFile keepOpen = new RandomAccessFile(in.toFile(), "rw");
                TraceEngine e = TraceEngine.launch(LaunchSpec.of(EngineFixtures.path("waiter")).withStdin(in),
                        EngineOptions.defaults(), null)) {
            e.resume();
            e.kill();
            assertThat(e.awaitExit(Duration.ofMinutes(1))).isEqualTo(128 + 9);
        }
        assertThatThrownBy(() -> TraceEngine.launch(LaunchSpec.of(tmp.resolve("nope")), EngineOptions.defaults(),
                null)).isInstanceOf(TinydbgException.class).hasMessageContaining("nope");
    }

    @Test
    void goTargetEntriesAndReturns() throws Exception {
        Path bin = EngineFixtures.path("gowork");
        AtomicLong entries = new AtomicLong();
        AtomicLong returns = new AtomicLong();
        AtomicLong wrong = new AtomicLong();
        Path out = tmp.resolve("o");
        try (TraceEngine e = TraceEngine.launch(LaunchSpec.of(bin, "500").withStdout(out), EngineOptions.defaults(),
                null)) {
            e.addProbe(e.loadBias() + EngineFixtures.symbol(bin, "main.work"), hit -> {
                entries.incrementAndGet();
                long expected = hit.register(X86Registers.RAX) * 3 + hit.register(X86Registers.RBX);
                hit.traceReturn(r -> {
                    returns.incrementAndGet();
                    if (r.rax() != expected) {
                        wrong.incrementAndGet();
                    }
                });
            });
            e.resume();
            assertThat(e.awaitExit(Duration.ofMinutes(1))).isZero();
            assertThat(e.stats().singleSteps()).isZero();
        }
        assertThat(entries.get()).isEqualTo(500);
        // this loop never grows its goroutine stack, so (tid, sp) still matches; see docs/engine.md for the gap
        assertThat(returns.get()).isEqualTo(500);
        assertThat(wrong.get()).isZero();
        long sum = 0;
        for (long i = 0; i < 500; i++) {
            sum += i * 3 + i + 1;
        }
        assertThat(Files.readString(out).trim()).isEqualTo(Long.toString(sum));
    }
}
