package io.tinydbg.ptrace;

import io.tinydbg.sys.WaitStatus;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Recognises a process that has already exited but is still listed, a zombie its parent has not reaped: the
 * kernel then answers "no such file" for /proc/PID/exe and EPERM for PTRACE_SEIZE, which would read as a missing
 * process or a permission problem. The real answer is that the target exited before tracing started.
 */
public final class ExitedTarget {
    private ExitedTarget() {
    }

    /** The exception to throw if {@code pid} is a zombie; empty if it is alive, gone, or unreadable. */
    public static Optional<TargetExitedException> check(int pid) {
        String stat;
        try {
            stat = new String(ProcFs.read(pid, "stat"), StandardCharsets.ISO_8859_1);
        } catch (RuntimeException gone) {
            return Optional.empty();
        }
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so fields count from the last ')'
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        boolean zombie = f.length > 1 && (f[0].equals("Z") || f[0].equals("X"));
        if (!zombie || ProcFs.tasks(pid).size() > 1) {
            return Optional.empty(); // a live process whose main thread alone has exited is not done
        }
        // field 52, exit_code, is the status as waitpid reports it (Linux 3.5 and later)
        int status = f.length > 49 ? new WaitStatus(pid, Integer.parseInt(f[49])).shellStatus() : -1;
        return Optional.of(new TargetExitedException(pid, status, "process " + pid + " exited"
                + (status >= 0 ? " with status " + status : "") + " before tracing started (a zombie: its parent,"
                + " process " + f[1] + ", has not reaped it yet)"));
    }
}
