package io.tinydbg.uprobe;

/**
 * Symbolic names for the errno values that bpf, perf_event_open and mmap return, with a hint for the ones whose
 * usual cause is known. (io.tinydbg.sys.Errno names only the values ptrace returns.)
 */
final class ErrnoNames {
    private ErrnoNames() {
    }

    static String name(int errno) {
        return switch (errno) {
            case 1 -> "EPERM";
            case 2 -> "ENOENT";
            case 3 -> "ESRCH";
            case 4 -> "EINTR";
            case 5 -> "EIO";
            case 7 -> "E2BIG";
            case 9 -> "EBADF";
            case 11 -> "EAGAIN";
            case 12 -> "ENOMEM";
            case 13 -> "EACCES";
            case 14 -> "EFAULT";
            case 16 -> "EBUSY";
            case 17 -> "EEXIST";
            case 19 -> "ENODEV";
            case 22 -> "EINVAL";
            case 24 -> "EMFILE";
            case 28 -> "ENOSPC";
            case 38 -> "ENOSYS";
            case 95 -> "EOPNOTSUPP";
            case 524 -> "ENOTSUPP";
            default -> "errno " + errno;
        };
    }

    /** A short guess at the cause, starting with ": ", or an empty string. */
    static String hint(int errno) {
        return switch (errno) {
            case 1 -> ": not root? (needs CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN)";
            case 2 -> ": no such file";
            case 38 -> ": kernel without bpf or perf events";
            case 19 -> ": kernel without uprobe support";
            default -> "";
        };
    }
}
