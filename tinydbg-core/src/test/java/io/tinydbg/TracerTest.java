package io.tinydbg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tinydbg.index.InvalidPatternException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Tracer API on a real C target, against what gdb says of the same calls. */
class TracerTest {
    private static final List<String> FUNCTIONS = List.of("add_ints", "work", "mix", "scale", "greet", "color_name",
            "make_point", "point_sum", "many_args", "big_sum", "make_big", "mixed_sum", "next_color");

    static Path fixture(String name) {
        Path p = Path.of(System.getProperty("tinydbg.fixtures")).resolve(name);
        assertThat(p).as("fixture built by build-session.sh").isRegularFile();
        return p;
    }

    static List<TraceEvent> trace(Tracer tracer) {
        List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (TraceSession s = tracer.onHit(events::add).start()) {
            assertThat(s.awaitExit()).isZero();
        }
        return events;
    }

    @ParameterizedTest
    @ValueSource(strings = {"calls-O0", "calls-O2"})
    void argumentsAndResultsEqualWhatGdbPrints(String fixture) throws Exception {
        Path bin = fixture(fixture);
        List<TraceEvent> events = trace(Tracer.exec(bin).functions("^(" + String.join("|", FUNCTIONS) + ")$")
                .redirect(Files.createTempFile("calls", ".out"), null));
        // the k-th call of a function here is the k-th time gdb stops in it
        Map<String, Deque<TraceEvent>> calls = new LinkedHashMap<>();
        Map<String, Deque<TraceEvent>> returns = new LinkedHashMap<>();
        for (TraceEvent e : events) {
            (e.kind() == TraceEvent.Kind.CALL ? calls : returns)
                    .computeIfAbsent(e.function().name(), k -> new ArrayDeque<>()).add(e);
        }
        assertThat(calls.keySet()).containsExactlyInAnyOrderElementsOf(FUNCTIONS);
        assertThat(returns.keySet()).containsExactlyInAnyOrderElementsOf(FUNCTIONS);
        int compared = 0;
        List<String> wrong = new ArrayList<>();
        for (GdbFrames.Call g : GdbFrames.calls(bin, FUNCTIONS)) {
            TraceEvent call = calls.get(g.function()).poll();
            TraceEvent ret = returns.get(g.function()).poll();
            for (Variable v : call.args()) {
                String expected = g.args().get(v.name());
                if (expected == null || expected.contains("optimized out")) {
                    continue; // gdb cannot tell either
                }
                compared++;
                if (!gdbView(v.value()).equals(expected)) {
                    wrong.add(g.function() + " arg " + v.name() + ": " + gdbView(v.value()) + " vs gdb "
                            + expected);
                }
            }
            if (!ret.results().isEmpty()) {
                compared++;
                String ours = gdbView(ret.results().get(0).value());
                if (!ours.equals(g.returned())) {
                    wrong.add(g.function() + " result: " + ours + " vs gdb " + g.returned());
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(compared).isGreaterThan(FUNCTIONS.size());
    }

    /** The trace command's C formatting, addresses masked as {@link GdbFrames} masks gdb's. */
    private static String gdbView(io.tinydbg.value.Value v) {
        return io.tinydbg.output.CStyle.format(v).replaceAll("^0x[0-9a-f]+$", "<ptr>");
    }

    @Test
    void recursionGivesExactlyNestedCallsAndReturns() {
        List<TraceEvent> events = trace(Tracer.exec(fixture("calls-O0")).functions("^fib$"));
        Deque<Integer> open = new ArrayDeque<>();
        int calls = 0;
        int returns = 0;
        for (TraceEvent e : events) {
            if (e.kind() == TraceEvent.Kind.CALL) {
                calls++;
                open.push(Integer.parseInt(e.args().get(0).text()));
            } else {
                returns++;
                int n = open.pop();
                int result = Integer.parseInt(e.results().get(0).text());
                assertThat(result).as("fib(%d)", n).isEqualTo(fib(n));
                assertThat(e.duration()).isPresent();
            }
        }
        assertThat(calls).isEqualTo(465);
        assertThat(returns).isEqualTo(465);
        assertThat(open).isEmpty();
    }

    private static int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    @Test
    void followCallsReportsCalleesWithTheirDepthAndStacks() {
        List<TraceEvent> events = trace(Tracer.exec(fixture("calls-O0")).functions("^main$").followCalls(2)
                .stack(3).redirect(Path.of("/dev/null"), null));
        TraceEvent main = events.get(0);
        assertThat(main.function().name()).isEqualTo("main");
        assertThat(main.depth()).isEqualTo(1);
        TraceEvent add = events.stream().filter(e -> e.function().name().equals("add_ints")).findFirst().orElseThrow();
        assertThat(add.depth()).isEqualTo(2);
        assertThat(add.stack()).extracting(StackFrame::function).startsWith("add_ints", "main");
        assertThat(add.stack().get(1).file()).endsWith("calls.c");
        long fibCalls = events.stream().filter(e -> e.kind() == TraceEvent.Kind.CALL
                && e.function().name().equals("fib")).count();
        assertThat(fibCalls).isEqualTo(465);
    }

    @ParameterizedTest
    @ValueSource(strings = {"calls-O0", "calls-O2"})
    void followCallsTracesFunctionsReachedThroughPointers(String fixture) {
        List<TraceEvent> events = trace(Tracer.exec(fixture(fixture)).functions("^apply$").followCalls(2)
                .redirect(Path.of("/dev/null"), null));
        // main also calls work(2, 3) directly; only the call made under apply, through the pointer, is reported
        List<TraceEvent> work = events.stream().filter(e -> e.function().name().equals("work")).toList();
        assertThat(work).hasSize(2);
        assertThat(work.get(0).depth()).isEqualTo(2);
        assertThat(work.get(0).args()).extracting(Variable::text).containsExactly("4", "5");
        assertThat(work.get(1).results()).extracting(Variable::text).containsExactly("17");
        assertThat(events.get(0).function().name()).isEqualTo("apply");
        assertThat(events.get(events.size() - 1).function().name()).isEqualTo("apply");
    }

    @Test
    void aThrowingCallbackIsReportedAndTracingGoesOn() {
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger seen = new AtomicInteger();
        try (TraceSession s = Tracer.exec(fixture("calls-O0")).functions("^fib$")
                .redirect(Path.of("/dev/null"), null)
                .onHit(e -> {
                    seen.incrementAndGet();
                    throw new IllegalStateException("callback bug");
                })
                .onProcess(new ProcessListener() {
                    @Override
                    public void callbackFailed(TraceEvent event, Throwable error) {
                        failures.incrementAndGet();
                    }
                })
                .start()) {
            assertThat(s.awaitExit()).isZero();
            assertThat(s.stats().callbackFailures()).isEqualTo(930);
        }
        assertThat(seen.get()).isEqualTo(930);
        assertThat(failures.get()).isEqualTo(930);
    }

    /**
     * A callback may ask for the session's counters while the tracer waits for room in a full queue: stats() must
     * not need the tracer thread (it did, and this deadlocked: the tracer thread waited for the callback, the
     * callback for the tracer thread).
     */
    @Test
    void aCallbackMayReadTheStatsWhileTheTracerWaitsForRoom() {
        java.util.concurrent.atomic.AtomicReference<TraceSession> session =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger seen = new AtomicInteger();
        java.util.concurrent.atomic.AtomicLong lastHits = new java.util.concurrent.atomic.AtomicLong();
        try (TraceSession s = Tracer.exec(fixture("calls-O0")).functions("^fib$")
                .redirect(Path.of("/dev/null"), null).delivery(Delivery.ASYNC_BLOCK, 1)
                .onHit(e -> {
                    try {
                        started.await();
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                    seen.incrementAndGet();
                    lastHits.set(session.get().stats().hits());
                }).start()) {
            session.set(s);
            started.countDown();
            assertThat(s.awaitExit()).isZero();
        }
        assertThat(seen.get()).isEqualTo(930);
        assertThat(lastHits.get()).isEqualTo(930);
    }

    @Test
    void aFullQueueDropsAndCountsUnderTheDropPolicyAndLosesNothingUnderBlock() {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger seen = new AtomicInteger();
        try (TraceSession s = Tracer.exec(fixture("calls-O0")).functions("^fib$")
                .redirect(Path.of("/dev/null"), null).delivery(Delivery.ASYNC_DROP, 1)
                .onHit(e -> {
                    seen.incrementAndGet();
                    try {
                        release.await(); // the first callback holds the delivery thread until the target is done
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                }).start()) {
            // the tracer never waits for the stuck callback: every hit is taken while the queue stays full
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
            while (s.stats().hits() < 930 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            TraceStats stats = s.stats();
            release.countDown();
            assertThat(stats.hits()).isEqualTo(930);
            assertThat(stats.dropped()).isGreaterThan(0);
            assertThat(s.awaitExit()).isZero();
        }
        assertThat(seen.get()).isLessThan(930);
        AtomicInteger all = new AtomicInteger();
        try (TraceSession s = Tracer.exec(fixture("calls-O0")).functions("^fib$")
                .redirect(Path.of("/dev/null"), null).delivery(Delivery.ASYNC_BLOCK, 1)
                .onHit(e -> all.incrementAndGet()).start()) {
            assertThat(s.awaitExit()).isZero();
            assertThat(s.stats().dropped()).isZero();
        }
        assertThat(all.get()).isEqualTo(930);
    }

    @Test
    void configurationErrorsAreTyped() {
        Path bin = fixture("calls-O0");
        assertThatThrownBy(() -> Tracer.exec(bin).functions("^ad_ints$").start())
                .isInstanceOf(NoMatchingFunctionException.class).hasMessageContaining("add_ints");
        assertThatThrownBy(() -> Tracer.exec(bin).functions("add_(").start())
                .isInstanceOf(InvalidPatternException.class);
        assertThatThrownBy(() -> Tracer.exec(bin.resolveSibling("missing")).functions("x").start())
                .isInstanceOf(TinydbgException.class).hasMessageContaining("missing");
        Tracer base = Tracer.exec(bin);
        assertThat(base.functions("a")).isNotSameAs(base);
        assertThat(base.patterns()).isEmpty();
    }
}
