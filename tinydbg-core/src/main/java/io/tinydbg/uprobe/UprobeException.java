package io.tinydbg.uprobe;

import io.tinydbg.TinydbgException;

/**
 * A uprobe recorder could not be set up or used: a system call failed (the message names the call, the errno and
 * what it was for, such as the file and offset of a probe, and for a rejected program the verifier's log), or an
 * address or offset does not lie in a file's executable code.
 */
public class UprobeException extends TinydbgException {
    private static final long serialVersionUID = 1L;

    private final String syscall;
    private final int errno;

    /** A failure that is not a system call's (a bad address, for instance). */
    public UprobeException(String message) {
        super(message);
        this.syscall = "";
        this.errno = 0;
    }

    /** A failure that is not a system call's, caused by {@code cause}. */
    public UprobeException(String message, Throwable cause) {
        super(message, cause);
        this.syscall = "";
        this.errno = 0;
    }

    /**
     * A failed system call.
     *
     * @param syscall the call as the message names it, e.g. {@code bpf(BPF_PROG_LOAD)}
     * @param errno the errno it failed with
     * @param purpose what the call was for, e.g. {@code "uprobe on /bin/x at file offset 0x1139"}
     * @param detail more text for the message (the verifier log), or an empty string
     */
    public UprobeException(String syscall, int errno, String purpose, String detail) {
        super(syscall + " failed with " + ErrnoNames.name(errno) + ErrnoNames.hint(errno) + " (" + purpose + ")"
                + (detail.isEmpty() ? "" : ":\n" + detail));
        this.syscall = syscall;
        this.errno = errno;
    }

    /** The failed system call, e.g. {@code perf_event_open}; empty when the failure is not a system call's. */
    public String syscall() {
        return syscall;
    }

    /** The errno of the failed system call; 0 when the failure is not a system call's. */
    public int errno() {
        return errno;
    }

    /** One line for {@link UprobeSupport}: {@code "bpf(BPF_PROG_LOAD): EPERM: not root?"} or the message's first line. */
    String shortReason() {
        if (syscall.isEmpty()) {
            String m = getMessage();
            int nl = m.indexOf('\n');
            return nl < 0 ? m : m.substring(0, nl);
        }
        return syscall + ": " + ErrnoNames.name(errno) + ErrnoNames.hint(errno);
    }
}
