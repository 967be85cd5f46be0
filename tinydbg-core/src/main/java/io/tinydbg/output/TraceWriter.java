package io.tinydbg.output;

import io.tinydbg.TraceEvent;

/**
 * Writes a trace in one output format. Called from one thread at a time (the session's delivery thread, then the
 * thread that ends the trace), so implementations need no locking.
 */
public interface TraceWriter extends AutoCloseable {
    /** One entry or return. */
    void event(TraceEvent e);

    /** The last line: how the target ended ("Process 42 has exited with status 0"). */
    void end(String message);

    @Override
    void close();
}
