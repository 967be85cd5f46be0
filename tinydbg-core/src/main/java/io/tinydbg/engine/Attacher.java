package io.tinydbg.engine;

import io.tinydbg.TinydbgException;
import io.tinydbg.ptrace.NoSuchProcessException;
import io.tinydbg.ptrace.PermissionDeniedException;
import io.tinydbg.ptrace.PermissionDiagnosis;
import io.tinydbg.ptrace.ProcFs;
import io.tinydbg.ptrace.Ptrace;
import io.tinydbg.sys.Signals;
import io.tinydbg.sys.Spawner;
import io.tinydbg.sys.WaitStatus;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Attaches to a running process without injecting a signal: PTRACE_SEIZE then PTRACE_INTERRUPT for every thread in
 * /proc/PID/task, listing again until no new thread shows up (threads created meanwhile by seized threads are
 * auto-attached through TRACECLONE), tolerating threads that vanish. Pending signals seen on the way are kept and
 * delivered at resume.
 */
final class Attacher {
    private Attacher() {
    }

    static void attach(TraceEngine e, int pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            throw new NoSuchProcessException(pid, "no process with pid " + pid);
        }
        boolean ourChild = handle.flatMap(ProcessHandle::parent).map(ProcessHandle::pid)
                .filter(p -> p == ProcessHandle.current().pid()).isPresent();
        if (ourChild && !Spawner.spawnedHere(pid)) {
            throw new TinydbgException("process " + pid + " was started by this JVM through ProcessBuilder: the"
                    + " JDK's reaper thread waits on it and would take the ptrace stops; start it with"
                    + " TraceEngine.launch (or io.tinydbg.sys.Spawner) instead");
        }
        e.pid = pid;
        Set<Integer> seen = new HashSet<>();
        boolean added = true;
        while (added) {
            added = seizeNew(e, pid, seen);
            waitForFirstStops(e);
        }
        if (!e.threads.containsKey(pid) && e.threads.isEmpty()) {
            throw new NoSuchProcessException(pid, "process " + pid + " exited while attaching");
        }
        TracedThread injector = null;
        for (TracedThread t : e.threads.values()) {
            if (!t.groupStopped && (injector == null || t.tid == pid)) {
                injector = t;
            }
        }
        e.memory = new io.tinydbg.ptrace.RemoteMemory(pid);
        e.loadBias = ProcFs.loadBias(pid);
        e.scratch = injector == null ? null : SyscallInjector.mapScratch(e, injector);
        e.paused = true;
        e.startDispatching();
    }

    private static boolean seizeNew(TraceEngine e, int pid, Set<Integer> seen) {
        boolean added = false;
        for (int tid : ProcFs.tasks(pid)) {
            if (!seen.add(tid) || e.threads.containsKey(tid)) {
                continue;
            }
            try {
                Ptrace.call(Ptrace.SEIZE, tid, 0, TraceEngine.OPTIONS);
                Ptrace.call(Ptrace.INTERRUPT, tid, 0, 0);
            } catch (NoSuchProcessException gone) {
                continue;
            } catch (PermissionDeniedException denied) {
                if (e.threads.isEmpty()) {
                    throw PermissionDiagnosis.refused(pid);
                }
                continue;
            }
            TracedThread t = new TracedThread(tid, pid, false);
            t.awaitingFirstStop = true;
            e.threads.put(tid, t);
            added = true;
        }
        if (seen.isEmpty()) {
            throw new NoSuchProcessException(pid, "no process with pid " + pid);
        }
        return added;
    }

    private static void waitForFirstStops(TraceEngine e) {
        boolean waiting = true;
        while (waiting) {
            waiting = false;
            for (TracedThread t : e.threads.values().toArray(new TracedThread[0])) {
                if (t.awaitingFirstStop) {
                    waiting = true;
                    initialStatus(e, t, e.tracer.waitFor(t.tid));
                }
            }
        }
    }

    private static void initialStatus(TraceEngine e, TracedThread t, WaitStatus ws) {
        if (!ws.stopped()) {
            e.threads.remove(t.tid);
            return;
        }
        t.awaitingFirstStop = false;
        t.running = false;
        int sig = ws.stopSignal();
        switch (ws.event()) {
            case WaitStatus.PTRACE_EVENT_STOP -> t.groupStopped = Signals.isStopSignal(sig);
            case WaitStatus.PTRACE_EVENT_CLONE -> {
                int child = (int) Ptrace.eventMessage(t.tid, e.msgBuf);
                TracedThread c = new TracedThread(child, t.tgid, false);
                c.awaitingFirstStop = true;
                e.threads.put(child, c);
            }
            case WaitStatus.PTRACE_EVENT_FORK, WaitStatus.PTRACE_EVENT_VFORK -> {
                int child = (int) Ptrace.eventMessage(t.tid, e.msgBuf);
                e.tracer.waitFor(child);
                Ptrace.call(Ptrace.DETACH, child, 0, 0); // no breakpoints yet: nothing to restore
            }
            case 0 -> t.pendingSignal = sig;
            default -> {
                // EXIT/EXEC while attaching: the thread is stopped, resume will continue it
            }
        }
    }
}
