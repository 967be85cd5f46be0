package io.tinydbg;

/**
 * What happens to the traced process besides function hits. Every method has an empty default, so a listener
 * implements only what it needs. Called on the delivery thread, in order with the trace events.
 */
public interface ProcessListener {
    default void threadCreated(int tid) {
    }

    default void threadExited(int tid) {
    }

    /** A child was forked (or vforked); it runs untraced, with every breakpoint byte restored. */
    default void forked(int parentTid, int childPid) {
    }

    /** The process replaced its image; the functions were resolved again in the new one. */
    default void exec(String path) {
    }

    /** A signal the process received; it is delivered to the process as without a tracer. */
    default void signal(int tid, int signal) {
    }

    /** The process exited with {@code status} (exit code, or 128 + signal number). */
    default void exited(int status) {
    }

    /** A hit callback threw; tracing goes on. */
    default void callbackFailed(TraceEvent event, Throwable error) {
    }
}
