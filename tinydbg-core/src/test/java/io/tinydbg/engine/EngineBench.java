package io.tinydbg.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark harness for bench/run-engine.sh (not a test): traces {@code work(a, b)} of the bench loop with entry
 * and return events that read the arguments and the result, like floor.c's emulret, and prints microseconds per
 * call measured from resume to exit. Usage: EngineBench LOOP_BINARY WORK_OFFSET_HEX N [CPU [THREADS]], where
 * THREADS is how many threads of the target each make N calls (the threads fixture has 4).
 */
public final class EngineBench {
    private EngineBench() {
    }

    public static void main(String[] args) throws Exception {
        Path loop = Path.of(args[0]);
        long offset = Long.parseUnsignedLong(args[1], 16);
        long n = Long.parseLong(args[2]);
        int cpu = args.length > 3 ? Integer.parseInt(args[3]) : -1;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        run(loop, offset, Math.max(1000, n / 10), cpu); // JIT warm-up
        long[] r = run(loop, offset, n, cpu);
        System.out.printf("engine%s: %.2f us/call (entries=%d returns=%d stops=%d singlesteps=%d)%n",
                cpu >= 0 ? "[cpu " + cpu + "]" : "", r[0] / 1000.0 / n / threads, r[1], r[2], r[3], r[4]);
    }

    private static long[] run(Path loop, long offset, long n, int cpu) throws Exception {
        EngineOptions options = cpu >= 0 ? EngineOptions.defaults().withSameCpu(cpu) : EngineOptions.defaults();
        AtomicLong argsum = new AtomicLong();
        AtomicLong retsum = new AtomicLong();
        try (TraceEngine e = TraceEngine.launch(LaunchSpec.of(loop, Long.toString(n))
                .withStdout(Path.of("/dev/null")), options, null)) {
            long bias = e.loadBias();
            e.addProbe(offset + (offset < bias || bias == 0 ? bias : 0), hit -> {
                argsum.addAndGet(hit.register(X86Registers.RDI) + hit.register(X86Registers.RSI));
                hit.traceReturn(ret -> retsum.addAndGet(ret.rax()));
            });
            long t0 = System.nanoTime();
            e.resume();
            e.awaitExit(Duration.ofHours(1));
            long elapsed = System.nanoTime() - t0;
            EngineStats s = e.stats();
            return new long[] {elapsed, s.entryHits(), s.returns(), s.stops(), s.singleSteps()};
        }
    }
}
