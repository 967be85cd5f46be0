package io.tinydbg;

/**
 * Counters of a session: probe hits (breakpoints and uprobes), events delivered to callbacks and dropped (by a full
 * queue under {@link Delivery#ASYNC_DROP}, or by a full uprobe ring), ptrace stops handled, callbacks that threw,
 * the time the tracer thread spent handling stops (not waiting for them), and how many of the hits uprobes
 * recorded (see {@link Tracer#uprobes}).
 */
public record TraceStats(long hits, long delivered, long dropped, long stops, long callbackFailures,
        long tracerNanos, long uprobeHits) {
}
