package io.tinydbg.engine;

/** A traced call just returned: the thread sits at the return address with the results in rax:rdx / xmm0:xmm1. */
public final class ReturnHit extends Hit {
    private final long entryNanos;

    ReturnHit(HitSource engine, int tid, long[] regs, long now, long entryNanos) {
        super(engine, tid, regs, now);
        this.entryNanos = entryNanos;
    }

    public long rax() {
        return regs[X86Registers.RAX];
    }

    public long rdx() {
        return regs[X86Registers.RDX];
    }

    public byte[] xmm0() {
        return xmm(0);
    }

    public byte[] xmm1() {
        return xmm(1);
    }

    /** Monotonic time of the matching entry. */
    public long entryNanos() {
        return entryNanos;
    }
}
