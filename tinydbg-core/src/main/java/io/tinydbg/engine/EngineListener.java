package io.tinydbg.engine;

import java.nio.file.Path;

/**
 * Process-level events, called on the tracer thread (keep them short). All methods default to doing nothing.
 */
public interface EngineListener {
    EngineListener NONE = new EngineListener() {
    };

    default void threadCreated(int tid) {
    }

    default void threadExited(int tid) {
    }

    /** A fork or vfork child appeared; it has been (or, for vfork, will be after its exec/exit) detached. */
    default void forked(int parentTid, int childPid, boolean vfork) {
    }

    /** The process exec'd {@code program}; every probe was dropped, add new ones from here if needed. */
    default void exec(int pid, Path program) {
    }

    /** A signal that is being delivered to the target as it would be without us. */
    default void signal(int tid, int signal) {
    }

    /** The process ended: exit code, or 128 + the signal number. */
    default void exited(int pid, int status) {
    }

    /** A handler threw; tracing goes on. */
    default void handlerFailed(Throwable error) {
    }
}
