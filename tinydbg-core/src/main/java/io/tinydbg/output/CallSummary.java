package io.tinydbg.output;

import io.tinydbg.TraceEvent;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Calls, total and mean duration per function, printed at exit sorted by total time (the --summary table). */
public final class CallSummary {
    private static final class Totals {
        long calls;
        long returns;
        long nanos;
    }

    private final Map<String, Totals> byFunction = new HashMap<>();

    public synchronized void add(TraceEvent e) {
        Totals t = byFunction.computeIfAbsent(e.function().name(), k -> new Totals());
        if (e.kind() == TraceEvent.Kind.CALL) {
            t.calls++;
        } else {
            t.returns++;
            t.nanos += e.duration().map(d -> d.toNanos()).orElse(0L);
        }
    }

    public synchronized void print(PrintStream out) {
        List<Map.Entry<String, Totals>> rows = new ArrayList<>(byFunction.entrySet());
        rows.sort((a, b) -> Long.compare(b.getValue().nanos, a.getValue().nanos));
        out.printf("%-40s %10s %14s %12s%n", "function", "calls", "total us", "mean us");
        for (Map.Entry<String, Totals> r : rows) {
            Totals t = r.getValue();
            double mean = t.returns == 0 ? 0 : t.nanos / 1000.0 / t.returns;
            out.printf("%-40s %10d %14.1f %12.2f%n", r.getKey(), t.calls, t.nanos / 1000.0, mean);
        }
    }
}
