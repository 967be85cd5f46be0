package io.tinydbg.sys;

/**
 * Decodes a {@code waitpid} status word: exited, killed by a signal, or stopped (with the ptrace event number in
 * bits 16..23 for {@code PTRACE_EVENT_*} stops).
 */
public record WaitStatus(int pid, int raw) {
    public static final int PTRACE_EVENT_FORK = 1;
    public static final int PTRACE_EVENT_VFORK = 2;
    public static final int PTRACE_EVENT_CLONE = 3;
    public static final int PTRACE_EVENT_EXEC = 4;
    public static final int PTRACE_EVENT_VFORK_DONE = 5;
    public static final int PTRACE_EVENT_EXIT = 6;
    public static final int PTRACE_EVENT_STOP = 128;

    public boolean exited() {
        return (raw & 0x7f) == 0;
    }

    public int exitCode() {
        return (raw >> 8) & 0xff;
    }

    public boolean signaled() {
        return ((raw & 0x7f) + 1) >> 1 > 0 && !stopped() && !exited();
    }

    public int termSignal() {
        return raw & 0x7f;
    }

    public boolean stopped() {
        return (raw & 0xff) == 0x7f;
    }

    public int stopSignal() {
        return (raw >> 8) & 0xff;
    }

    /** The {@code PTRACE_EVENT_*} number of this stop, 0 for a plain signal stop. */
    public int event() {
        return (raw >> 16) & 0xff;
    }

    /** Exit status as a shell reports it: the exit code, or 128 + the signal number. */
    public int shellStatus() {
        return exited() ? exitCode() : 128 + termSignal();
    }

    @Override
    public String toString() {
        if (exited()) {
            return "pid " + pid + " exited " + exitCode();
        }
        if (stopped()) {
            return "pid " + pid + " stopped sig " + stopSignal() + (event() != 0 ? " event " + event() : "");
        }
        return "pid " + pid + " killed by signal " + termSignal();
    }
}
