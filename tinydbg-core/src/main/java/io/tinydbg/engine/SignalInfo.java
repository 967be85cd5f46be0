package io.tinydbg.engine;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.tinydbg.ptrace.Ptrace;

/**
 * Reads a stopped thread's siginfo to tell a signal the kernel raised (si_code SI_KERNEL: an int3 trap, a BPF
 * program's SIGSTOP) from one somebody sent.
 */
final class SignalInfo {
    private static final int SI_KERNEL = 0x80;

    private SignalInfo() {
    }

    static boolean fromInt3(TraceEngine e, int tid) {
        return sentByKernel(tid);
    }

    /** Whether the stopped thread's pending signal came from the kernel itself (si_code SI_KERNEL). */
    static boolean sentByKernel(int tid) {
        try (Memory info = new Memory(128)) {
            Ptrace.call(Ptrace.GETSIGINFO, tid, 0, Pointer.nativeValue(info));
            return info.getInt(8) == SI_KERNEL;
        }
    }
}
