package io.tinydbg.output;

import io.tinydbg.StackFrame;
import io.tinydbg.TraceEvent;
import io.tinydbg.Variable;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The trace command's text output, line for line as {@code dlv trace} prints it:
 * {@code > goroutine(1): main.foo(1, 2)} at an entry and {@code >> goroutine(1): main.foo => (3)} at a return;
 * {@code thread(TID):} instead of the goroutine for C, C++ and Rust; {@code frame(D)} and D-1 spaces of indent with
 * follow-calls; the hit's RFC3339Nano time first with timestamps; Delve's {@code Stack:} block with stacks.
 */
public final class TextTraceWriter implements TraceWriter {
    private final PrintStream out;
    private final boolean timestamps;
    private final boolean named;
    private final boolean go;
    private final int stackFrames;
    private final Path cwd = Path.of("").toAbsolutePath();

    /**
     * @param named       print {@code name=value} (verbosity 1 and up) instead of values alone (Delve's default)
     * @param stackFrames the -s depth: frames 0..depth are printed, then "(truncated)" if the stack goes on
     */
    public TextTraceWriter(PrintStream out, boolean timestamps, boolean named, boolean go, int stackFrames) {
        this.out = out;
        this.timestamps = timestamps;
        this.named = named;
        this.go = go;
        this.stackFrames = stackFrames;
    }

    @Override
    public void event(TraceEvent e) {
        StringBuilder sb = new StringBuilder(128);
        if (timestamps) {
            sb.append(Rfc3339.nano(e.wallTime())).append(' ');
        }
        if (e.depth() > 1) {
            sb.append(" ".repeat(e.depth() - 1));
        }
        sb.append(e.kind() == TraceEvent.Kind.CALL ? "> " : ">> ");
        if (e.goroutine().isPresent()) {
            sb.append("goroutine(").append(e.goroutine().getAsLong()).append("):");
        } else {
            sb.append("thread(").append(e.tid()).append("):");
        }
        if (e.depth() > 0) {
            sb.append("frame(").append(e.depth()).append(')');
        }
        sb.append(' ').append(e.function().name());
        if (e.kind() == TraceEvent.Kind.CALL) {
            sb.append('(');
            appendValues(sb, e.args(), ", ", named);
            sb.append(')');
        } else {
            sb.append(" => (");
            appendValues(sb, e.results(), ",", false);
            sb.append(')');
        }
        sb.append('\n');
        if (!e.stack().isEmpty()) {
            if (e.kind() == TraceEvent.Kind.CALL) {
                sb.append('\n');
            }
            appendStack(sb, e.stack());
        }
        out.print(sb);
    }

    private void appendValues(StringBuilder sb, List<Variable> values, String separator, boolean withNames) {
        for (int i = 0; i < values.size(); i++) {
            Variable v = values.get(i);
            sb.append(i == 0 ? "" : separator);
            if (withNames && !v.name().isEmpty()) {
                sb.append(v.name()).append('=');
            }
            sb.append(CStyle.forLanguage(v.value(), go));
        }
    }

    private void appendStack(StringBuilder sb, List<StackFrame> stack) {
        sb.append("\tStack:\n");
        int shown = Math.min(stack.size(), stackFrames + 1);
        for (int i = 0; i < shown; i++) {
            StackFrame f = stack.get(i);
            sb.append("\t\t").append(i).append("  ").append(String.format("0x%016x", f.pc())).append(" in ")
                    .append(f.function()).append('\n');
            sb.append("\t\t     at ").append(shortPath(f.file())).append(':').append(f.line()).append('\n');
        }
        if (stack.size() > shown) {
            sb.append("\t\t(truncated)\n");
        }
    }

    /** Delve shows files under the working directory relative to it ({@code ./main.go}). */
    private String shortPath(String file) {
        if (file.isEmpty()) {
            return "?";
        }
        Path p = Path.of(file);
        if (p.isAbsolute() && p.startsWith(cwd)) {
            return "./" + cwd.relativize(p);
        }
        return file;
    }

    @Override
    public void end(String message) {
        out.println(message);
    }

    @Override
    public void close() {
        out.flush();
    }
}
