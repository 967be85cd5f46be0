package io.tinydbg;

/**
 * Counters of a session: breakpoint hits, events delivered to callbacks and dropped by a full queue, ptrace stops
 * handled, callbacks that threw, and the time the tracer thread spent handling stops (not waiting for them).
 */
public record TraceStats(long hits, long delivered, long dropped, long stops, long callbackFailures,
        long tracerNanos) {
}
