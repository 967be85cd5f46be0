package io.tinydbg.ptrace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Explains why the kernel refused PTRACE_SEIZE: already traced, Yama ptrace_scope, or a missing capability. */
public final class PermissionDiagnosis {
    private PermissionDiagnosis() {
    }

    /**
     * The exception for a refused PTRACE_SEIZE of {@code pid}: {@link TargetExitedException} when it is a zombie
     * (the kernel refuses those with EPERM too), else {@link PermissionDeniedException} with {@link #explain}.
     */
    public static io.tinydbg.TinydbgException refused(int pid) {
        return ExitedTarget.check(pid).<io.tinydbg.TinydbgException>map(e -> e).orElseGet(() ->
                new PermissionDeniedException(pid, "cannot attach to process " + pid + ": " + explain(pid)));
    }

    /** A sentence naming the most likely reason {@code pid} cannot be traced. */
    public static String explain(int pid) {
        try {
            String tracer = ProcFs.status(pid, "TracerPid");
            if (tracer != null && !tracer.equals("0")) {
                return "process " + pid + " is already traced by process " + tracer;
            }
        } catch (RuntimeException e) {
            // fall through to the other reasons
        }
        Path yama = Path.of("/proc/sys/kernel/yama/ptrace_scope");
        if (Files.isReadable(yama)) {
            try {
                String v = Files.readString(yama).trim();
                switch (v) {
                    case "1":
                        return "Yama ptrace_scope is 1: only descendants of the tracer may be traced"
                                + " (launch the target instead, or run as root / with CAP_SYS_PTRACE)";
                    case "2":
                        return "Yama ptrace_scope is 2: tracing needs CAP_SYS_PTRACE";
                    case "3":
                        return "Yama ptrace_scope is 3: ptrace attach is disabled on this system";
                    default:
                        break;
                }
            } catch (IOException e) {
                // unknown scope
            }
        }
        return "not permitted to trace process " + pid
                + " (it belongs to another user or is privileged; tracing it needs CAP_SYS_PTRACE)";
    }
}
