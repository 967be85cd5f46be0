package io.tinydbg.output;

import io.tinydbg.TraceEvent;
import io.tinydbg.Variable;
import java.io.PrintStream;

/**
 * The Chrome trace event format (a JSON array that Perfetto and chrome://tracing open): a begin ("B") event at each
 * entry and an end ("E") event at each return, per thread, timestamps in microseconds.
 */
public final class ChromeTraceWriter implements TraceWriter {
    private final PrintStream out;
    private volatile int pid;
    private boolean first = true;

    public ChromeTraceWriter(PrintStream out, int pid) {
        this.out = out;
        this.pid = pid;
        out.println("[");
    }

    /** The traced process's id, once known (events group their threads under it). */
    public void processId(int processId) {
        this.pid = processId;
    }

    @Override
    public void event(TraceEvent e) {
        JsonWriter w = new JsonWriter();
        w.beginObject().field("name", e.function().name())
                .field("ph", e.kind() == TraceEvent.Kind.CALL ? "B" : "E")
                .name("ts").rawNumber(String.format("%.3f", e.timestampNanos() / 1000.0))
                .field("pid", pid)
                .field("tid", e.tid());
        w.name("args").beginObject();
        for (Variable v : e.kind() == TraceEvent.Kind.CALL ? e.args() : e.results()) {
            w.field(v.name().isEmpty() ? "result" : v.name(), v.text());
        }
        w.endObject().endObject();
        out.print(first ? "" : ",\n");
        out.print(w);
        first = false;
    }

    @Override
    public void end(String message) {
        // the format has no place for a closing message; the array is closed in close()
    }

    @Override
    public void close() {
        out.println("\n]");
        out.flush();
    }
}
