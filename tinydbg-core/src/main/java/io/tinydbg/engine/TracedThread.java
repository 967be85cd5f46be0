package io.tinydbg.engine;

import java.util.ArrayDeque;

/** The engine's view of one traced thread (tracer thread only). */
final class TracedThread {
    final int tid;
    /** Thread-group id: the main pid, or the pid of a vfork child still sharing our memory. */
    final int tgid;
    final boolean vforkChild;
    /** Resumed (or listening) and not yet seen stopped. */
    boolean running;
    /** Seized or auto-attached; its first stop has not been seen. */
    boolean awaitingFirstStop;
    /** Sits in a group-stop: resume with PTRACE_LISTEN, not PTRACE_CONT. */
    boolean groupStopped;
    /**
     * Reported its exit (PTRACE_EVENT_EXIT) and was let go on: it will report nothing more but its death, which for
     * a thread-group leader comes only after every other thread's.
     */
    boolean exiting;
    /** Signal to deliver when resumed or detached. */
    int pendingSignal;
    /** Calls whose return is awaited, innermost first (lowest stack pointer on top). */
    final ArrayDeque<PendingReturn> frames = new ArrayDeque<>();

    TracedThread(int tid, int tgid, boolean vforkChild) {
        this.tid = tid;
        this.tgid = tgid;
        this.vforkChild = vforkChild;
    }
}
