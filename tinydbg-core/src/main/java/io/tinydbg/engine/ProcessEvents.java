package io.tinydbg.engine;

import io.tinydbg.ptrace.ProcFs;
import io.tinydbg.ptrace.Ptrace;
import io.tinydbg.ptrace.RemoteMemory;
import io.tinydbg.sys.WaitStatus;
import java.util.Iterator;

/**
 * What the engine does on the ptrace events of the traced process: a new thread is traced from its first
 * instruction; a fork child gets every original byte back and is let go (a vfork child shares our memory, so it
 * stays traced until it execs or exits); an exec drops every probe and pending frame and renews the image.
 */
final class ProcessEvents {
    private ProcessEvents() {
    }

    static void ptraceEvent(TraceEngine e, TracedThread t, int event) {
        switch (event) {
            case WaitStatus.PTRACE_EVENT_CLONE -> {
                int child = (int) Ptrace.eventMessage(t.tid, e.msgBuf);
                TracedThread c = new TracedThread(child, t.tgid, t.vforkChild);
                c.awaitingFirstStop = true;
                e.threads.put(child, c);
                e.listener.threadCreated(child);
                WaitStatus early = e.earlyStops.remove(child);
                if (early != null) {
                    e.dispatch(early, System.nanoTime());
                }
            }
            case WaitStatus.PTRACE_EVENT_FORK, WaitStatus.PTRACE_EVENT_VFORK -> {
                int child = (int) Ptrace.eventMessage(t.tid, e.msgBuf);
                boolean vfork = event == WaitStatus.PTRACE_EVENT_VFORK;
                e.listener.forked(t.tid, child, vfork);
                if (e.earlyStops.remove(child) != null) {
                    newChild(e, child, vfork);
                } else {
                    e.expectedChildren.put(child, vfork);
                }
            }
            case WaitStatus.PTRACE_EVENT_EXEC -> {
                exec(e, t);
                return;
            }
            case WaitStatus.PTRACE_EVENT_EXIT -> t.exiting = true;
            default -> {
                // VFORK_DONE: nothing to do
            }
        }
        e.cont(t, 0);
    }

    /** First stop of a fork/vfork child: give a fork child its original bytes and let it go. */
    static void newChild(TraceEngine e, int child, boolean vfork) {
        if (vfork) {
            // Shares our memory (int3s included) until it execs or exits: keep tracing it so it never sees one.
            TracedThread c = new TracedThread(child, child, true);
            e.threads.put(child, c);
            e.cont(c, 0);
            return;
        }
        try (RemoteMemory childMemory = new RemoteMemory(child)) {
            e.breakpoints.restoreAll(childMemory);
        }
        Ptrace.call(Ptrace.DETACH, child, 0, 0);
    }

    private static void exec(TraceEngine e, TracedThread t) {
        if (t.vforkChild) {
            e.threads.remove(t.tid);
            Ptrace.call(Ptrace.DETACH, t.tid, 0, 0);
            return;
        }
        // Every other thread of the process is gone; the exec'ing thread now has the process id.
        for (Iterator<TracedThread> it = e.threads.values().iterator(); it.hasNext();) {
            TracedThread o = it.next();
            if (o.tgid == e.pid && o.tid != e.pid) {
                it.remove();
            }
        }
        TracedThread leader = e.threads.computeIfAbsent(e.pid, p -> new TracedThread(p, p, false));
        leader.running = false;
        leader.awaitingFirstStop = false;
        for (TracedThread o : e.threads.values()) {
            ThreadReturns.dropAll(e, o);
        }
        e.breakpoints.clear();
        e.goReturns.clear(e);
        e.imageChanged(leader);
        e.listener.exec(e.pid, ProcFs.exe(e.pid));
        e.cont(leader, 0);
    }
}
