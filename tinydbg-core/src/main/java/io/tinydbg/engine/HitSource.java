package io.tinydbg.engine;

/**
 * Where a {@link Hit} gets what its handler asks for beyond its registers: target memory, the xmm registers, the
 * clock, and the return tracking its call arms. The ptrace engine answers from a stopped thread; the uprobe
 * dispatcher answers from what the kernel recorded at the hit (see {@link UprobeDispatcher}).
 */
interface HitSource {
    long epochNanos(long monotonicNanos);

    byte[] readMemory(long address, int length);

    /** The little-endian u64 at {@code address}; a source with a cheaper way of its own overrides this. */
    default long readLong(long address) {
        return java.nio.ByteBuffer.wrap(readMemory(address, 8)).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    }

    long goroutinePointer(GoroutinePointer where, long[] regs);

    byte[] xmmRegisters(int tid);

    void armReturn(int tid, long function, long entrySp, ReturnHandler handler, long now);

    void armGoReturn(long function, long[] regs, long[] returnSites, GoroutinePointer g, boolean restartable,
            ReturnHandler handler, long now);
}
