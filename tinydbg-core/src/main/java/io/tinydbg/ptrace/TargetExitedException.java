package io.tinydbg.ptrace;

import io.tinydbg.TinydbgException;

/** The target exited (or was killed) before the requested operation could happen. */
public class TargetExitedException extends TinydbgException {
    private static final long serialVersionUID = 1L;
    private final int pid;
    private final int status;

    public TargetExitedException(int pid, int status, String message) {
        super(message);
        this.pid = pid;
        this.status = status;
    }

    public int pid() {
        return pid;
    }

    /** Exit status, or 128 + signal. */
    public int status() {
        return status;
    }
}
