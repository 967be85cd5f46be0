package io.tinydbg.dwarf.cfi;

import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The caller's frame as recovered by one unwinding step.
 *
 * @param pc          the caller's pc: the return address (for lookups in the caller use {@code pc - 1}, which is
 *                    still inside the call instruction, unless {@code signalFrame})
 * @param cfa         the callee's CFA, which is the caller's stack pointer
 * @param registers   the caller's registers that could be recovered, by DWARF number (rsp and rip included)
 * @param viaFramePointer true when no CFI covered the callee and the rbp chain was followed instead
 * @param signalFrame true when the callee was a signal trampoline, so {@code pc} is the interrupted instruction
 */
public record UnwoundFrame(long pc, long cfa, Map<Integer, Long> registers, boolean viaFramePointer,
        boolean signalFrame) implements RegisterSet {
    public UnwoundFrame {
        registers = java.util.Collections.unmodifiableMap(new TreeMap<>(registers));
    }

    @Override
    public OptionalLong get(int dwarfRegister) {
        Long v = registers.get(dwarfRegister);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** The pc to look CFI up with for this frame. */
    public long lookupPc() {
        return signalFrame ? pc : pc - 1;
    }
}
