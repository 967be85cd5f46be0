package io.tinydbg;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Tracer API half of bench/run-engine.sh: traces {@code work} in the bench loop target through the public API,
 * with arguments and results decoded, into a counting callback, and prints the cost per traced call.
 * Usage: {@code TracerBench LOOP N [pinned]}.
 */
public final class TracerBench {
    private TracerBench() {
    }

    public static void main(String[] args) {
        Path loop = Path.of(args[0]);
        long n = Long.parseLong(args[1]);
        boolean pinned = args.length > 2 && args[2].equals("pinned");
        AtomicLong events = new AtomicLong();
        AtomicLong argSum = new AtomicLong();
        long start = System.nanoTime();
        try (TraceSession s = Tracer.exec(loop, Long.toString(n)).functions("^work$").pinned(pinned)
                .onHit(e -> {
                    events.incrementAndGet();
                    if (!e.args().isEmpty()) {
                        argSum.addAndGet(e.args().size());
                    }
                })
                .start()) {
            s.awaitExit();
            long nanos = System.nanoTime() - start;
            System.out.printf("tracer api: %.2f us/call (events=%d, args=%d, dropped=%d)%n", nanos / 1000.0 / n,
                    events.get(), argSum.get(), s.stats().dropped());
        }
    }
}
