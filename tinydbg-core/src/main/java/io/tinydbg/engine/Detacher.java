package io.tinydbg.engine;

import static io.tinydbg.engine.X86Registers.RIP;

import io.tinydbg.ptrace.NoSuchProcessException;
import io.tinydbg.ptrace.ProcFs;
import io.tinydbg.ptrace.Ptrace;
import io.tinydbg.sys.Signals;
import io.tinydbg.sys.WaitStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Leaves the target exactly as if it had never been traced: stop every thread, settle the stops that were in
 * flight (a thread that just executed one of our int3s is rewound onto the original instruction; a signal caught
 * on the way is kept for PTRACE_DETACH), put every original byte back, then detach each thread with its pending
 * signal. Threads inside an out-of-line slot need nothing: the slot stays mapped and jumps back by itself.
 *
 * <p>The process may be exiting meanwhile (with uprobes, the target runs untraced from their removal until the
 * detach, and a short program can finish in that time): threads past their exit event report nothing more, the
 * leader's death comes only after every other thread's, so stops are collected from any thread rather than
 * awaited thread by thread, and exiting or dead threads are not waited for.
 */
final class Detacher {
    private Detacher() {
    }

    static void detach(TraceEngine e) {
        if (e.ended) {
            return;
        }
        for (WaitStatus ws : stopAll(e, null)) {
            settle(e, ws);
        }
        // threads created meanwhile, and new ones whose first stop has not come yet
        while (!e.ended) {
            boolean waiting = false;
            for (TracedThread t : e.threads.values()) {
                if ((t.awaitingFirstStop || t.running) && (t.exiting || ProcFs.exited(t.tid))) {
                    t.running = false;
                    t.awaitingFirstStop = false;
                } else if (t.awaitingFirstStop || t.running) {
                    waiting = true;
                }
            }
            if (!waiting) {
                break;
            }
            WaitStatus ws = e.tracer.waitFor(-1);
            if (ws != null) {
                settle(e, ws);
            }
        }
        if (!e.ended) {
            if (e.backPressure) {
                dropBackPressureStops(e);
            }
            e.breakpoints.restoreAll(e.memory);
            for (TracedThread t : e.threads.values()) {
                try {
                    Ptrace.call(Ptrace.DETACH, t.tid, 0, t.groupStopped ? 0 : t.pendingSignal);
                } catch (NoSuchProcessException gone) {
                    // exited meanwhile
                }
            }
        }
        // else the process exited while we were detaching: nothing is left to restore or release
        e.breakpoints.clear();
        for (TracedThread t : e.threads.values()) {
            ThreadReturns.dropAll(e, t);
        }
        e.goReturns.clear(e);
        e.threads.clear();
        e.ended = true;
    }

    /**
     * Interrupts every running thread except {@code except} and collects the statuses that come until each of them
     * has reported, in the order they came (they may include other threads' events, e.g. a new thread's first
     * stop, or the process's exit). Any thread's status is taken, not the interrupted ones' in turn: a process that
     * exits meanwhile reports its leader only after every other thread is gone, so a wait for the leader alone
     * could wait forever.
     */
    static List<WaitStatus> stopAll(TraceEngine e, TracedThread except) {
        java.util.Set<Integer> pending = new java.util.HashSet<>();
        for (TracedThread t : e.threads.values()) {
            if (t != except && t.running && !t.exiting) {
                try {
                    Ptrace.call(Ptrace.INTERRUPT, t.tid, 0, 0);
                    pending.add(t.tid);
                } catch (NoSuchProcessException gone) {
                    // its exit will be reported
                }
            }
        }
        List<WaitStatus> out = new ArrayList<>();
        while (!pending.isEmpty()) {
            pending.removeIf(tid -> {
                if (!ProcFs.exited(tid)) {
                    return false;
                }
                TracedThread t = e.threads.get(tid);
                if (t != null) {
                    t.running = false;
                }
                return true;
            });
            if (pending.isEmpty()) {
                break;
            }
            WaitStatus ws = e.tracer.waitFor(-1);
            if (ws == null) {
                continue; // the doorbell: work was submitted, which runs after this
            }
            TracedThread t = e.threads.get(ws.pid());
            if (t != null) {
                t.running = false;
            }
            pending.remove(ws.pid());
            out.add(ws);
            if (!ws.stopped() && ws.pid() == e.pid) {
                break; // the whole process is gone
            }
        }
        return out;
    }

    private static void settle(TraceEngine e, WaitStatus ws) {
        TracedThread t = e.threads.get(ws.pid());
        if (t == null) {
            Boolean vfork = e.expectedChildren.remove(ws.pid());
            if (vfork != null && ws.stopped()) {
                ProcessEvents.newChild(e, ws.pid(), false); // restore its bytes and let it go, vfork or not
            } else if (ws.stopped()) {
                e.earlyStops.put(ws.pid(), ws);
            }
            return;
        }
        if (!ws.stopped()) {
            e.threads.remove(t.tid);
            if (t.tid == e.pid) {
                e.ended = true;
                e.completeExit(ws.shellStatus());
            }
            return;
        }
        t.running = false;
        t.awaitingFirstStop = false;
        int sig = ws.stopSignal();
        int event = ws.event();
        if (event == WaitStatus.PTRACE_EVENT_STOP) {
            t.groupStopped = Signals.isStopSignal(sig);
        } else if (event == WaitStatus.PTRACE_EVENT_EXIT) {
            t.exiting = true; // stays stopped until detached, then dies
        } else if (event == WaitStatus.PTRACE_EVENT_CLONE) {
            int child = (int) Ptrace.eventMessage(t.tid, e.msgBuf);
            TracedThread c = new TracedThread(child, t.tgid, t.vforkChild);
            c.awaitingFirstStop = true;
            e.threads.put(child, c);
            WaitStatus early = e.earlyStops.remove(child);
            if (early != null) {
                settle(e, early);
            }
        } else if (event == WaitStatus.PTRACE_EVENT_FORK || event == WaitStatus.PTRACE_EVENT_VFORK) {
            int child = (int) Ptrace.eventMessage(t.tid, e.msgBuf);
            if (e.earlyStops.remove(child) == null) {
                e.tracer.waitFor(child);
            }
            ProcessEvents.newChild(e, child, false);
        } else if (event == 0 && sig == Signals.SIGTRAP) {
            long[] regs = e.getRegs(t.tid);
            long at = regs[RIP] - 1;
            if (e.breakpoints.get(at) != null || e.breakpoints.wasRemovedAt(at)) {
                e.setPc(t.tid, at);
            } else {
                t.pendingSignal = sig;
            }
        } else if (event == 0 && sig == Signals.SIGSTOP && e.backPressure && SignalInfo.sentByKernel(t.tid)) {
            // a uprobe program's back-pressure stop: ours, not the program's (see TraceEngine#throttleWith)
        } else if (event == 0) {
            t.pendingSignal = sig;
        }
    }

    /**
     * A uprobe program may have sent a thread its back-pressure SIGSTOP just before the probes went away. If the
     * interrupt stopped the thread before it dequeued that signal, the signal is still pending and would stop the
     * process right after the detach. Such a thread is resumed until it dequeues it (a signal-delivery-stop, before
     * any user code runs), and {@link #settle} drops it. A thread already holding another signal is left as it is.
     */
    private static void dropBackPressureStops(TraceEngine e) {
        for (TracedThread t : e.threads.values().toArray(new TracedThread[0])) {
            for (int tries = 0; tries < 4 && !t.groupStopped && !t.exiting && t.pendingSignal == 0
                    && ProcFs.signalPending(t.tid, Signals.SIGSTOP); tries++) {
                try {
                    Ptrace.cont(t.tid, 0);
                } catch (NoSuchProcessException gone) {
                    break;
                }
                settle(e, e.tracer.waitFor(t.tid));
            }
        }
    }

}
