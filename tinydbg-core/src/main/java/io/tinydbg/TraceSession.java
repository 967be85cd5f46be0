package io.tinydbg;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * A live trace of one process, from {@link Tracer#start()}. Closing it kills a process the session launched (unless
 * it was configured to detach) and detaches from an attached one, leaving it running exactly as if never traced:
 * every original byte restored, threads rewound past our traps, pending signals delivered.
 */
public interface TraceSession extends AutoCloseable {
    /** The traced process's id. */
    int pid();

    /**
     * Stops tracing and lets the process run on untraced. Nothing once the session is closed. A launched process
     * is still reaped by the session when it exits, so {@link #awaitExit} reports its status and no zombie stays.
     */
    void detach();

    /**
     * Waits for the process to exit; its exit code, or 128 + the number of the signal that killed it. An interrupt
     * of the waiting thread ends the wait with a {@link TinydbgException} (the interrupt flag stays set).
     */
    int awaitExit();

    /** {@link #awaitExit()} with a limit; empty when the process is still running after {@code timeout}. */
    OptionalInt awaitExit(Duration timeout);

    /** Counters so far. */
    TraceStats stats();

    /** Ends the session (see the class comment). A second call does nothing; a callback may call it. */
    @Override
    void close();
}
