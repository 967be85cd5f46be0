package io.tinydbg.examples;

import io.tinydbg.TraceEvent;
import io.tinydbg.TraceSession;
import io.tinydbg.Tracer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A small monitoring tool built on the library: traces the functions matching a regex in a running process (or a
 * program it starts) and prints, every second, how many calls each made and their mean duration.
 *
 * <pre>
 * java -cp tinydbg.jar io.tinydbg.examples.CallMonitor PID REGEX
 * java -cp tinydbg.jar io.tinydbg.examples.CallMonitor --exec PROGRAM REGEX [ARGS...]
 * </pre>
 */
public final class CallMonitor {
    /** Calls and summed duration of one function since the last report. */
    private static final class Window {
        final LongAdder calls = new LongAdder();
        final LongAdder nanos = new LongAdder();
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    void record(TraceEvent e) {
        if (e.kind() == TraceEvent.Kind.RETURN) {
            Window w = windows.computeIfAbsent(e.function().name(), k -> new Window());
            w.calls.increment();
            w.nanos.add(e.duration().map(Duration::toNanos).orElse(0L));
        }
    }

    /** The report for the last period, and a fresh period. */
    String report() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Window> en : new TreeMap<>(windows).entrySet()) {
            long calls = en.getValue().calls.sumThenReset();
            long nanos = en.getValue().nanos.sumThenReset();
            sb.append(String.format("%-32s %8d calls/s %10.2f us mean%n", en.getKey(), calls,
                    calls == 0 ? 0.0 : nanos / 1000.0 / calls));
        }
        return sb.toString();
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: CallMonitor PID REGEX | CallMonitor --exec PROGRAM REGEX [ARGS...]");
            System.exit(2);
        }
        CallMonitor monitor = new CallMonitor();
        Tracer tracer = args[0].equals("--exec")
                ? Tracer.exec(Path.of(args[1]), java.util.Arrays.copyOfRange(args, 3, args.length)).functions(args[2])
                : Tracer.attach(Integer.parseInt(args[0])).functions(args[1]);
        try (TraceSession s = tracer.onHit(monitor::record).start()) {
            while (s.awaitExit(Duration.ofSeconds(1)).isEmpty()) {
                System.out.print(monitor.report());
                System.out.println("--");
            }
            System.out.print(monitor.report());
        }
    }
}
