package io.tinydbg.ptrace;

import io.tinydbg.TinydbgException;

/** The kernel refused to let us trace the process; the message says why (Yama, already traced, capability). */
public class PermissionDeniedException extends TinydbgException {
    private static final long serialVersionUID = 1L;
    private final int pid;

    public PermissionDeniedException(int pid, String message) {
        super(message);
        this.pid = pid;
    }

    public int pid() {
        return pid;
    }
}
