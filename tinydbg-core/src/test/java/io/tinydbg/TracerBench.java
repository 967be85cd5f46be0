package io.tinydbg;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Tracer API half of bench/run-engine.sh: traces {@code work} in the bench loop target through the public API,
 * with arguments and results decoded, into a counting callback, and prints the cost per traced call.
 * Usage: {@code TracerBench LOOP N [pinned|default [ASYNC_BLOCK|ASYNC_DROP|SYNC]]}.
 */
public final class TracerBench {
    private TracerBench() {
    }

    public static void main(String[] args) {
        Path loop = Path.of(args[0]);
        long n = Long.parseLong(args[1]);
        boolean pinned = args.length > 2 && args[2].equals("pinned");
        Delivery delivery = args.length > 3 ? Delivery.valueOf(args[3]) : Delivery.ASYNC_BLOCK;
        AtomicLong events = new AtomicLong();
        AtomicLong firstHit = new AtomicLong();
        AtomicLong argSum = new AtomicLong();
        long start = System.nanoTime();
        try (TraceSession s = Tracer.exec(loop, Long.toString(n)).functions("(^|\\.)work$").pinned(pinned).delivery(delivery, 4096)
                .onHit(e -> {
                    if (events.incrementAndGet() == 1) {
                        firstHit.set(e.timestampNanos());
                    }
                    if (!e.args().isEmpty()) {
                        argSum.addAndGet(e.args().size());
                    }
                })
                .start()) {
            s.awaitExit();
            long end = System.nanoTime();
            // per call from the first hit to the exit: the one-time setup (JVM classes, function index, spawn)
            // is reported apart, as the bare floor has almost none
            long nanos = end - firstHit.get();
            TraceStats stats = s.stats();
            System.out.printf("tracer api (%s): %.2f us/call (setup %.0f ms; events=%d, args=%d, dropped=%d,"
                    + " tracer thread busy %.2f us/call)%n", delivery, nanos / 1000.0 / n,
                    (firstHit.get() - start) / 1e6, events.get(), argSum.get(), stats.dropped(),
                    stats.tracerNanos() / 1000.0 / n);
        }
    }
}
