package io.tinydbg.sys;

/** The errno values the tracer reacts to (Linux, all architectures). */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int ECHILD = 10;
    public static final int EFAULT = 14;
    public static final int EINVAL = 22;

    private Errno() {
    }

    /** "EPERM (Operation not permitted)" style text for messages. */
    public static String describe(int errno) {
        String name = switch (errno) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case ESRCH -> "ESRCH";
            case EINTR -> "EINTR";
            case EIO -> "EIO";
            case ECHILD -> "ECHILD";
            case EFAULT -> "EFAULT";
            case EINVAL -> "EINVAL";
            default -> "errno " + errno;
        };
        return name + " (" + LibC.strerror(errno) + ")";
    }
}
