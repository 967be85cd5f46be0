package io.tinydbg.ptrace;

import io.tinydbg.TinydbgException;

/** The process or thread does not exist (or is gone). */
public class NoSuchProcessException extends TinydbgException {
    private static final long serialVersionUID = 1L;
    private final int pid;

    public NoSuchProcessException(int pid, String message) {
        super(message);
        this.pid = pid;
    }

    public int pid() {
        return pid;
    }
}
