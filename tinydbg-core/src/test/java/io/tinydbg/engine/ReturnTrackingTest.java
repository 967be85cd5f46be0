package io.tinydbg.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Returns pair exactly with their calls through recursion, tail calls, longjmp and C++ exceptions. */
class ReturnTrackingTest {
    @TempDir
    Path tmp;

    static long fib(long n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"recurse-O0", "recurse-O2", "recurse-nopie"})
    void recursionAndTailCallsPairByDepth(String fixture) throws Exception {
        Path bin = EngineFixtures.path(fixture);
        TraceRecorder rec = new TraceRecorder();
        Path out = tmp.resolve("out");
        try (TraceEngine e = TraceEngine.launch(LaunchSpec.of(bin, "12").withStdout(out), EngineOptions.defaults(),
                null)) {
            long bias = e.loadBias();
            rec.probe(e, bias + EngineFixtures.symbol(bin, "fib"), "fib", ReturnTrackingTest::fib);
            rec.probe(e, bias + EngineFixtures.symbol(bin, "tail"), "tail", x -> (x + 1) * 3 + 1);
            rec.probe(e, bias + EngineFixtures.symbol(bin, "leaf"), "leaf", x -> x * 3 + 1);
            e.resume();
            assertThat(e.awaitExit(Duration.ofMinutes(1))).isZero();
        }
        assertThat(rec.wrong).isEmpty();
        // gcc -O2 turns one of fib's two recursive calls into a loop, so only -O0 makes all 465 calls
        long calls = fixture.equals("recurse-O2") ? rec.count("> fib(") : 465;
        assertThat(rec.count("> fib(")).isEqualTo(calls).isPositive();
        assertThat(rec.count("< fib(")).isEqualTo(calls);
        assertThat(rec.count("> tail(")).isEqualTo(5);
        assertThat(rec.count("< tail(")).isEqualTo(5);
        assertThat(rec.count("< leaf(")).isEqualTo(5);
        assertThat(rec.count("~")).isZero();
        // properly nested: a stack replay of fib's events never pops a different call
        Deque<String> stack = new ArrayDeque<>();
        for (String ev : rec.events) {
            if (!ev.contains("fib")) {
                continue;
            }
            if (ev.startsWith(">")) {
                stack.push(ev.substring(2));
            } else {
                assertThat(ev.substring(2)).startsWith(stack.pop() + " =");
            }
        }
        assertThat(Files.readString(out).trim()).isEqualTo("144 " + (4 + 7 + 10 + 13 + 16));
        if (fixture.equals("recurse-O2")) {
            // the fixture really tail-calls at -O2 (objdump as the oracle), so the test above covered one
            String dis = EngineFixtures.run("objdump", "-d", "--no-show-raw-insn", bin.toString());
            String tail = dis.substring(dis.indexOf("<tail>:"));
            tail = tail.substring(0, tail.indexOf("\n\n"));
            assertThat(tail).containsPattern("jmp +[0-9a-f]+ <leaf>");
        }
    }

    @Test
    void longjmpPastTracedFramesDropsThemAndLaterCallsStillPair() throws Exception {
        Path bin = EngineFixtures.path("jump-O0");
        TraceRecorder rec = new TraceRecorder();
        Path out = tmp.resolve("out");
        try (TraceEngine e = TraceEngine.launch(LaunchSpec.of(bin).withStdout(out), EngineOptions.defaults(),
                null)) {
            long bias = e.loadBias();
            rec.probe(e, bias + EngineFixtures.symbol(bin, "outer"), "outer", x -> x * 2 + 2);
            rec.probe(e, bias + EngineFixtures.symbol(bin, "middle"), "middle", x -> x * 2 + 1);
            rec.probe(e, bias + EngineFixtures.symbol(bin, "inner"), "inner", x -> x * 2);
            e.resume();
            assertThat(e.awaitExit(Duration.ofMinutes(1))).isZero();
            assertThat(e.stats().unwound()).isEqualTo(3);
        }
        assertThat(rec.wrong).isEmpty();
        assertThat(rec.count(">")).isEqualTo(18);
        assertThat(rec.count("<")).isEqualTo(15);
        assertThat(rec.events).containsSubsequence("> inner(3)", "~ inner(3)", "~ middle(3)", "~ outer(3)",
                "> outer(4)", "< outer(4) = 10");
        assertThat(Files.readString(out).trim()).isEqualTo("134");
    }

    @Test
    void cppExceptionThroughTracedFramesDropsThem() throws Exception {
        Path bin = EngineFixtures.path("throw");
        TraceRecorder rec = new TraceRecorder();
        Path out = tmp.resolve("out");
        try (TraceEngine e = TraceEngine.launch(LaunchSpec.of(bin).withStdout(out), EngineOptions.defaults(),
                null)) {
            rec.probe(e, e.loadBias() + EngineFixtures.symbol(bin, "_Z7throwerll"), "thrower", d -> d + 1);
            e.resume();
            assertThat(e.awaitExit(Duration.ofMinutes(1))).isZero();
        }
        assertThat(rec.wrong).isEmpty();
        assertThat(rec.count(">")).isEqualTo(12);
        assertThat(rec.count("<")).isEqualTo(9);
        assertThat(rec.count("~")).isEqualTo(3);
        assertThat(Files.readString(out).trim()).isEqualTo(Long.toString(3 + 100 + 3 + 3));
    }
}
