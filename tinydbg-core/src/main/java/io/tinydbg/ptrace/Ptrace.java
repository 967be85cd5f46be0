package io.tinydbg.ptrace;

import com.sun.jna.LastErrorException;
import io.tinydbg.TinydbgException;
import io.tinydbg.sys.Errno;
import io.tinydbg.sys.LibC;

/**
 * Thin wrappers over the ptrace requests, all of which must run on the {@link TracerThread}. A thread that vanished
 * mid-request makes the call fail with {@link NoSuchProcessException} ("thread gone"), which callers treat as a
 * normal event, not an error.
 */
public final class Ptrace {
    public static final int PEEKDATA = 2;
    public static final int POKEDATA = 5;
    public static final int POKEUSER = 6;
    public static final int CONT = 7;
    public static final int KILL = 8;
    public static final int SINGLESTEP = 9;
    public static final int GETREGS = 12;
    public static final int SETREGS = 13;
    public static final int GETFPREGS = 14;
    public static final int DETACH = 17;
    public static final int SETOPTIONS = 0x4200;
    public static final int GETEVENTMSG = 0x4201;
    public static final int GETSIGINFO = 0x4202;
    public static final int SEIZE = 0x4206;
    public static final int INTERRUPT = 0x4207;
    public static final int LISTEN = 0x4208;

    public static final int O_TRACECLONE = 0x08;
    public static final int O_TRACEFORK = 0x02;
    public static final int O_TRACEVFORK = 0x04;
    public static final int O_TRACEEXEC = 0x10;
    public static final int O_TRACEVFORKDONE = 0x20;
    public static final int O_TRACEEXIT = 0x40;
    public static final int O_EXITKILL = 0x100000;

    /** Offset of rip in the USER area (user_regs_struct index 16). */
    public static final long USER_RIP = 16 * 8;

    private Ptrace() {
    }

    public static long call(int request, int tid, long addr, long data) {
        try {
            return LibC.ptrace(request, tid, addr, data);
        } catch (LastErrorException e) {
            throw translate(e, request, tid);
        }
    }

    static TinydbgException translate(LastErrorException e, int request, int tid) {
        int errno = e.getErrorCode();
        String what = "ptrace(" + request + ") on " + tid + ": " + Errno.describe(errno);
        if (errno == Errno.ESRCH) {
            return new NoSuchProcessException(tid, what);
        }
        if (errno == Errno.EPERM) {
            return new PermissionDeniedException(tid, what);
        }
        return new TinydbgException(what);
    }

    public static void cont(int tid, int sig) {
        call(CONT, tid, 0, sig);
    }

    /** PTRACE_GETEVENTMSG through the 8-byte buffer {@code scratch}. */
    public static long eventMessage(int tid, com.sun.jna.Memory scratch) {
        call(GETEVENTMSG, tid, 0, com.sun.jna.Pointer.nativeValue(scratch));
        return scratch.getLong(0);
    }
}
