package io.tinydbg.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

/**
 * Pins threads or processes to CPUs. Putting the tracer thread and the traced thread on one CPU turns every ptrace
 * stop into a direct context switch instead of a cross-CPU wake-up, which cut the cost of a stop about 4x on a
 * 2-core VM (see docs/engine.md).
 */
public final class CpuAffinity {
    private CpuAffinity() {
    }

    /** Pins {@code tid} (0 = the calling thread) to the single CPU {@code cpu}; returns false if the kernel refused. */
    public static boolean pin(int tid, int cpu) {
        try (Memory mask = new Memory(128)) {
            mask.clear();
            mask.setByte(cpu / 8, (byte) (1 << (cpu % 8)));
            LibC.sched_setaffinity(tid, 128, com.sun.jna.Pointer.nativeValue(mask));
            return true;
        } catch (LastErrorException e) {
            return false;
        }
    }

    /**
     * Keeps {@code tid} (0 = the calling thread) off CPU {@code cpu}, on the others it may use; false when the
     * kernel refused or no other CPU is allowed.
     */
    public static boolean avoid(int tid, int cpu) {
        try (Memory mask = new Memory(128)) {
            mask.clear();
            LibC.sched_getaffinity(tid, 128, com.sun.jna.Pointer.nativeValue(mask));
            byte b = mask.getByte(cpu / 8);
            mask.setByte(cpu / 8, (byte) (b & ~(1 << (cpu % 8))));
            boolean any = false;
            for (int i = 0; i < 128 && !any; i++) {
                any = mask.getByte(i) != 0;
            }
            if (!any) {
                return false;
            }
            LibC.sched_setaffinity(tid, 128, com.sun.jna.Pointer.nativeValue(mask));
            return true;
        } catch (LastErrorException e) {
            return false;
        }
    }
}
