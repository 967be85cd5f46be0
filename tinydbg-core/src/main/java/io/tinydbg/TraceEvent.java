package io.tinydbg;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One hit of a traced function: its entry (CALL) or its return (RETURN), on one thread, with the arguments read at
 * the entry or the results read at the return. Immutable; safe to keep after the callback returns.
 */
public final class TraceEvent {
    /** Whether the event is a function's entry or its return. */
    public enum Kind { CALL, RETURN }

    private final Kind kind;
    private final TracedFunction function;
    private final int tid;
    private final OptionalLong goroutine;
    private final long timestampNanos;
    private final Instant wallTime;
    private final int depth;
    private final List<Variable> args;
    private final List<Variable> results;
    private final Duration duration;
    private final List<StackFrame> stack;

    TraceEvent(Kind kind, TracedFunction function, int tid, OptionalLong goroutine, long timestampNanos,
            Instant wallTime, int depth, List<Variable> args, List<Variable> results, Duration duration,
            List<StackFrame> stack) {
        this.kind = kind;
        this.function = function;
        this.tid = tid;
        this.goroutine = goroutine;
        this.timestampNanos = timestampNanos;
        this.wallTime = wallTime;
        this.depth = depth;
        this.args = List.copyOf(args);
        this.results = List.copyOf(results);
        this.duration = duration;
        this.stack = List.copyOf(stack);
    }

    /** Builds an event; for the library's own sessions and for tests of code that consumes events. */
    public static TraceEvent of(Kind kind, TracedFunction function, int tid, OptionalLong goroutine,
            long timestampNanos, Instant wallTime, int depth, List<Variable> args, List<Variable> results,
            Duration duration, List<StackFrame> stack) {
        return new TraceEvent(kind, function, tid, goroutine, timestampNanos, wallTime, depth, args, results,
                duration, stack);
    }

    public Kind kind() {
        return kind;
    }

    /** The traced function: name, file and line of its declaration. */
    public TracedFunction function() {
        return function;
    }

    /** The kernel thread id of the thread that hit. */
    public int tid() {
        return tid;
    }

    /** The goroutine id, for Go targets. */
    public OptionalLong goroutine() {
        return goroutine;
    }

    /** When the hit happened, on the monotonic clock ({@link System#nanoTime()} base of CLOCK_MONOTONIC). */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** When the hit happened, as wall-clock time (the time of the stop, not of delivery). */
    public Instant wallTime() {
        return wallTime;
    }

    /** The follow-calls depth of the function (1 for the pattern's own functions), 0 without follow-calls. */
    public int depth() {
        return depth;
    }

    /** Arguments at the entry (CALL events); empty for RETURN events and functions without DWARF. */
    public List<Variable> args() {
        return args;
    }

    /** Results at the return (RETURN events); empty for CALL events and void functions. */
    public List<Variable> results() {
        return results;
    }

    /** Time from the matching CALL to this RETURN; empty for CALL events. */
    public Optional<Duration> duration() {
        return Optional.ofNullable(duration);
    }

    /** The frames captured at the hit, innermost first; empty unless stacks were requested. */
    public List<StackFrame> stack() {
        return stack;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(kind == Kind.CALL ? "> " : "< ").append(function.name());
        if (kind == Kind.CALL) {
            sb.append('(');
            for (int i = 0; i < args.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(args.get(i).name()).append('=').append(args.get(i).text());
            }
            sb.append(')');
        } else {
            sb.append(" => (");
            for (int i = 0; i < results.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(results.get(i).text());
            }
            sb.append(')');
            if (duration != null) {
                sb.append(' ').append(duration.toNanos() / 1000).append("us");
            }
        }
        sb.append(" tid=").append(tid);
        goroutine.ifPresent(g -> sb.append(" goroutine=").append(g));
        if (depth > 0) {
            sb.append(" depth=").append(depth);
        }
        return sb.toString();
    }
}
