package io.tinydbg.engine;

import io.tinydbg.ptrace.RemoteMemory;

/**
 * Where a stopped thread's current Go {@code g} pointer is. Functions compiled by Go with the register ABI keep it
 * in r14. Everywhere else (assembly functions, which use ABI0, and code of Go versions before the register ABI) the
 * reliable source is the thread-local slot the Go linker reserves: {@code fs_base + offset}, where the offset is -8
 * unless the binary has a TLS segment holding {@code runtime.tlsg} (external linking).
 */
public final class GoroutinePointer {
    /** The g is in r14 (Go's register ABI); goroutines are told apart by their g alone. */
    public static final GoroutinePointer REGISTER = new GoroutinePointer(false, 0, -1);

    private final boolean inTls;
    private final long tlsOffset;
    private final long goidOffset;

    private GoroutinePointer(boolean inTls, long tlsOffset, long goidOffset) {
        this.inTls = inTls;
        this.tlsOffset = tlsOffset;
        this.goidOffset = goidOffset;
    }

    /** The g is in r14; its goroutine id is at {@code goidOffset} in it. */
    public static GoroutinePointer register(long goidOffset) {
        return new GoroutinePointer(false, 0, goidOffset);
    }

    /** The g is in the thread-local slot at {@code fs_base + offset}. */
    public static GoroutinePointer threadLocal(long offset) {
        return new GoroutinePointer(true, offset, -1);
    }

    /** The g is in the thread-local slot at {@code fs_base + offset}; its goroutine id at {@code goidOffset}. */
    public static GoroutinePointer threadLocal(long offset, long goidOffset) {
        return new GoroutinePointer(true, offset, goidOffset);
    }

    /**
     * What tells the goroutine running on {@code g} apart from every other, for as long as the program runs: its
     * goid when the layout is known. The g itself is not enough: a goroutine that ended (runtime.Goexit) leaves its
     * g to the next one, which may call the same function at the same depth.
     */
    long goroutineKey(RemoteMemory memory, long g) {
        if (goidOffset < 0 || g == 0) {
            return g;
        }
        try {
            return memory.readLong(g + goidOffset);
        } catch (RuntimeException e) {
            return g;
        }
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
