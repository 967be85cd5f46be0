package io.tinydbg.engine;

/**
 * What entry and return hits share: the thread, its registers at the stop, timestamps and memory access. Only valid
 * during the handler call.
 */
public abstract class Hit {
    final HitSource engine;
    final int tid;
    final long[] regs;
    final long monotonicNanos;
    /** The xmm registers, read on the first {@link #xmm} of this stop (one ptrace call for all of them). */
    private byte[] xmmRegisters;

    Hit(HitSource engine, int tid, long[] regs, long monotonicNanos) {
        this.engine = engine;
        this.tid = tid;
        this.regs = regs;
        this.monotonicNanos = monotonicNanos;
    }

    public int tid() {
        return tid;
    }

    public long pc() {
        return regs[X86Registers.RIP];
    }

    public long stackPointer() {
        return regs[X86Registers.RSP];
    }

    /** The registers in user_regs_struct order (see {@link X86Registers}); a copy the handler may keep. */
    public long[] registers() {
        return regs.clone();
    }

    /** One register by user_regs_struct index. */
    public long register(int index) {
        return regs[index];
    }

    /** System.nanoTime() when the stop was seen. */
    public long monotonicNanos() {
        return monotonicNanos;
    }

    /** Wall-clock time of the stop in nanoseconds since the epoch. */
    public long epochNanos() {
        return engine.epochNanos(monotonicNanos);
    }

    /** Reads target memory (the thread is stopped). */
    public byte[] readMemory(long address, int length) {
        return engine.readMemory(address, length);
    }

    /** The current Go g of the stopped thread, read from where {@code where} says; 0 when it has none. */
    public long goroutinePointer(GoroutinePointer where) {
        return engine.goroutinePointer(where, regs);
    }

    /** The 16 bytes of xmm{@code n} (n = 0..15); the first call of a stop reads them all with PTRACE_GETFPREGS. */
    public byte[] xmm(int n) {
        if (xmmRegisters == null) {
            xmmRegisters = engine.xmmRegisters(tid);
        }
        return java.util.Arrays.copyOfRange(xmmRegisters, 16 * n, 16 * n + 16);
    }
}
