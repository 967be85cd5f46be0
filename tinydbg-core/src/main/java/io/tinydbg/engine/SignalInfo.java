package io.tinydbg.engine;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.tinydbg.ptrace.Ptrace;

/** Reads a stopped thread's siginfo to tell an int3 trap (si_code SI_KERNEL) from a SIGTRAP sent by someone. */
final class SignalInfo {
    private static final int SI_KERNEL = 0x80;

    private SignalInfo() {
    }

    static boolean fromInt3(TraceEngine e, int tid) {
        try (Memory info = new Memory(128)) {
            Ptrace.call(Ptrace.GETSIGINFO, tid, 0, Pointer.nativeValue(info));
            return info.getInt(8) == SI_KERNEL;
        }
    }
}
