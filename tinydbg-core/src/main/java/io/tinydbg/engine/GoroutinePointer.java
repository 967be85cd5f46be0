package io.tinydbg.engine;

import io.tinydbg.ptrace.RemoteMemory;

/**
 * Where a stopped thread's current Go {@code g} pointer is. Functions compiled by Go with the register ABI keep it
 * in r14. Everywhere else (assembly functions, which use ABI0, and code of Go versions before the register ABI) the
 * reliable source is the thread-local slot the Go linker reserves: {@code fs_base + offset}, where the offset is -8
 * unless the binary has a TLS segment holding {@code runtime.tlsg} (external linking).
 */
public final class GoroutinePointer {
    /** The g is in r14 (Go's register ABI). */
    public static final GoroutinePointer REGISTER = new GoroutinePointer(false, 0);

    private final boolean inTls;
    private final long tlsOffset;

    private GoroutinePointer(boolean inTls, long tlsOffset) {
        this.inTls = inTls;
        this.tlsOffset = tlsOffset;
    }

    /** The g is in the thread-local slot at {@code fs_base + offset}. */
    public static GoroutinePointer threadLocal(long offset) {
        return new GoroutinePointer(true, offset);
    }

    /** Whether the g is read from thread-local storage rather than r14. */
    public boolean inThreadLocalStorage() {
        return inTls;
    }

    /** The g of the thread whose registers are {@code regs}; 0 when the thread has none (or it is unreadable). */
    long read(RemoteMemory memory, long[] regs) {
        if (!inTls) {
            return regs[X86Registers.R14];
        }
        long fs = regs[X86Registers.FS_BASE];
        if (fs == 0) {
            return 0;
        }
        try {
            return memory.readLong(fs + tlsOffset);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return inTls ? "g at fs_base" + (tlsOffset < 0 ? "" : "+") + tlsOffset : "g in r14";
    }
}
