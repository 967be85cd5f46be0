package io.tinydbg.engine;

import io.tinydbg.TinydbgException;
import io.tinydbg.ptrace.Ptrace;
import io.tinydbg.ptrace.TargetExitedException;
import io.tinydbg.sys.CpuAffinity;
import io.tinydbg.sys.LibC;
import io.tinydbg.sys.Signals;
import io.tinydbg.sys.Spawner;
import io.tinydbg.sys.WaitStatus;
import java.nio.file.Files;

/**
 * Starts a target so that tracing is armed before its first instruction: the program is spawned behind a shell
 * that stops itself, seized (with EXITKILL, since we own it), continued, and held at its PTRACE_EVENT_EXEC stop,
 * where the new image is mapped but not even the dynamic loader has run.
 */
final class Launcher {
    private static final int WUNTRACED = 2;

    private Launcher() {
    }

    static void launch(TraceEngine e, LaunchSpec spec) {
        if (!Files.isRegularFile(spec.program()) || !Files.isExecutable(spec.program())) {
            throw new TinydbgException("cannot execute " + spec.program() + ": not an executable file");
        }
        int child = Spawner.spawnStopped(spec.toSpawnSpec());
        if (e.options.cpu() >= 0) {
            CpuAffinity.pin(child, e.options.cpu());
        }
        WaitStatus ws = e.tracer.waitFor(child, WUNTRACED);
        if (!ws.stopped()) {
            throw new TargetExitedException(child, ws.shellStatus(), "launcher shell for " + spec.program()
                    + " ended with status " + ws.shellStatus() + " before it could be traced");
        }
        Ptrace.call(Ptrace.SEIZE, child, 0, TraceEngine.OPTIONS | Ptrace.O_EXITKILL);
        LibC.kill(child, Signals.SIGCONT);
        e.pid = child;
        while (true) {
            ws = e.tracer.waitFor(child);
            if (!ws.stopped()) {
                throw new TargetExitedException(child, ws.shellStatus(), spec.program() + " (pid " + child
                        + ") exited with status " + ws.shellStatus() + " before tracing started"
                        + execFailure(ws.shellStatus()));
            }
            if (ws.event() == WaitStatus.PTRACE_EVENT_EXEC) {
                break;
            }
            int sig = ws.event() == 0 ? ws.stopSignal() : 0;
            Ptrace.cont(child, sig == Signals.SIGCONT || sig == Signals.SIGSTOP ? 0 : sig);
        }
        TracedThread t = new TracedThread(child, child, false);
        e.threads.put(child, t);
        e.imageChanged(t);
        e.paused = true;
        e.startDispatching();
    }

    /** Why the launcher shell's exec failed, from the shell's status (126 and 127 are the shell's own codes). */
    private static String execFailure(int status) {
        return switch (status) {
            case 126 -> ": the kernel refused to execute it (not a program for this machine?)";
            case 127 -> ": the kernel found no file to execute (a missing ELF interpreter, ld.so, for example)";
            default -> "";
        };
    }
}
