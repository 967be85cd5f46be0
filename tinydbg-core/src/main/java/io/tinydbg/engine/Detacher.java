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
        boolean waiting = true;
        while (waiting) {
            waiting = false;
            for (TracedThread t : e.threads.values().toArray(new TracedThread[0])) {
                if (t.awaitingFirstStop || t.running) {
                    waiting = true;
                    settle(e, e.tracer.waitFor(t.tid));
                }
            }
        }
        if (e.backPressure) {
            dropBackPressureStops(e);
        }
        e.breakpoints.restoreAll(e.memory);
        e.breakpoints.clear();
        for (TracedThread t : e.threads.values()) {
            try {
                Ptrace.call(Ptrace.DETACH, t.tid, 0, t.groupStopped ? 0 : t.pendingSignal);
            } catch (NoSuchProcessException gone) {
                // exited meanwhile
            }
            ThreadReturns.dropAll(e, t);
        }
        e.goReturns.clear(e);
        e.threads.clear();
        e.ended = true;
    }

    /** Interrupts every running thread except {@code except} and collects the stop each one reports. */
    static List<WaitStatus> stopAll(TraceEngine e, TracedThread except) {
        List<TracedThread> interrupted = new ArrayList<>();
        for (TracedThread t : e.threads.values()) {
            if (t != except && t.running) {
                try {
                    Ptrace.call(Ptrace.INTERRUPT, t.tid, 0, 0);
                    interrupted.add(t);
                } catch (NoSuchProcessException gone) {
                    // its exit will be reported
                }
            }
        }
        List<WaitStatus> out = new ArrayList<>();
        for (TracedThread t : interrupted) {
            WaitStatus ws = e.tracer.waitFor(t.tid);
            t.running = false;
            out.add(ws);
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
            for (int tries = 0; tries < 4 && !t.groupStopped && t.pendingSignal == 0 && stopPending(t.tid);
                    tries++) {
                try {
                    Ptrace.cont(t.tid, 0);
                } catch (NoSuchProcessException gone) {
                    break;
                }
                settle(e, e.tracer.waitFor(t.tid));
            }
        }
    }

    /** Whether a SIGSTOP is pending for the thread itself (SigPnd of /proc/TID/status). */
    private static boolean stopPending(int tid) {
        try {
            String mask = ProcFs.status(tid, "SigPnd");
            return mask != null && (Long.parseUnsignedLong(mask, 16) & (1L << (Signals.SIGSTOP - 1))) != 0;
        } catch (RuntimeException gone) {
            return false;
        }
    }
}
