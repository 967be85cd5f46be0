package io.tinydbg.output;

import io.tinydbg.StackFrame;
import io.tinydbg.TraceEvent;
import io.tinydbg.Variable;
import java.io.PrintStream;
import java.util.List;

/**
 * One JSON object per event (see docs/output-formats.md): kind, function, file, line, tid, goroutine (Go only),
 * ts_ns, time, depth, args, results, duration_ns (returns), stack.
 */
public final class JsonlTraceWriter implements TraceWriter {
    private final PrintStream out;
    private final boolean go;

    public JsonlTraceWriter(PrintStream out, boolean go) {
        this.out = out;
        this.go = go;
    }

    @Override
    public void event(TraceEvent e) {
        JsonWriter w = new JsonWriter();
        w.beginObject()
                .field("kind", e.kind() == TraceEvent.Kind.CALL ? "call" : "return")
                .field("function", e.function().name())
                .field("file", e.function().file())
                .field("line", e.function().line())
                .field("tid", e.tid());
        if (e.goroutine().isPresent()) {
            w.field("goroutine", e.goroutine().getAsLong());
        }
        w.field("ts_ns", e.timestampNanos())
                .field("time", Rfc3339.nano(e.wallTime()))
                .field("depth", e.depth());
        variables(w, "args", e.args());
        variables(w, "results", e.results());
        e.duration().ifPresent(d -> w.field("duration_ns", d.toNanos()));
        w.name("stack").beginArray();
        for (StackFrame f : e.stack()) {
            w.beginObject().hexField("pc", f.pc()).field("function", f.function()).field("file", f.file())
                    .field("line", f.line()).endObject();
        }
        w.endArray().endObject();
        out.println(w);
    }

    private void variables(JsonWriter w, String name, List<Variable> vars) {
        w.name(name).beginArray();
        for (Variable v : vars) {
            w.beginObject().field("name", v.name()).field("type", v.typeName())
                    .field("value", CStyle.forLanguage(v.value(), go)).endObject();
        }
        w.endArray();
    }

    @Override
    public void end(String message) {
        JsonWriter w = new JsonWriter();
        out.println(w.beginObject().field("kind", "end").field("message", message).endObject());
    }

    @Override
    public void close() {
        out.flush();
    }
}
