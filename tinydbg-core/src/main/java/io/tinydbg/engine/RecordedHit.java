package io.tinydbg.engine;

import io.tinydbg.uprobe.UprobeRecord;
import io.tinydbg.value.UnreadableMemoryException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * What a hit's handler can read when the kernel recorded the hit (a uprobe) instead of stopping the thread: the
 * registers, the stack window around rsp, the g fields the program read (g.stack.hi, and at g.goid the goroutine
 * id the program resolved), and the deref regions it copied. Nothing else of the target's memory is read: by the
 * time the record is handled the thread has usually run on, so a late read could see a value the call never had.
 * The exception is a record whose deref faulted: its thread is held stopped until the record is handled, so the
 * rest of those regions is read from the target. Functions get a uprobe only when their arguments and results need
 * nothing more (see {@link CaptureCheck}).
 */
final class RecordedHit implements HitSource {
    private final UprobeDispatcher dispatcher;
    private final long g;
    private final boolean goroutineOk;
    private final long goidAddress;
    private final long goroutineId;
    private final long rawGoid;
    private final long stackHi;
    private final long windowStart;
    private final byte[] window;
    private final long[] derefAddress;
    private final int[] derefLength;
    private final byte[][] derefBytes;
    private final boolean live;

    RecordedHit(UprobeDispatcher dispatcher, UprobeRecord r, long goidOffset) {
        this.dispatcher = dispatcher;
        this.g = r.register(X86Registers.R14);
        this.goroutineOk = r.goroutineReadOk();
        this.goidAddress = g + goidOffset;
        this.goroutineId = r.goroutineId();
        this.rawGoid = r.rawGoid();
        this.stackHi = r.stackHi();
        this.windowStart = r.windowStart();
        this.window = r.stackWindowOk() ? r.window() : new byte[0];
        int n = r.derefCount();
        this.derefAddress = new long[n];
        this.derefLength = new int[n];
        this.derefBytes = new byte[n][];
        for (int i = 0; i < n; i++) {
            derefAddress[i] = r.derefAddress(i);
            derefLength[i] = r.derefLength(i);
            derefBytes[i] = r.derefBytes(i);
        }
        this.live = r.liveReadsAllowed();
    }

    /** The goroutine's key for return matching: its raw goid (meaningful when {@link #goroutineRead}). */
    long goroutineKey() {
        return rawGoid;
    }

    /** The frame's distance from the top of its goroutine's stack. */
    long stackOffset(long rsp) {
        return stackHi - rsp;
    }

    boolean goroutineRead() {
        return goroutineOk;
    }

    @Override
    public long epochNanos(long monotonicNanos) {
        return dispatcher.epochNanos(monotonicNanos);
    }

    @Override
    public byte[] readMemory(long address, int length) {
        long offset = address - windowStart;
        if (offset >= 0 && offset + length <= window.length) {
            return Arrays.copyOfRange(window, (int) offset, (int) offset + length);
        }
        if (length == 8 && goroutineOk && (address == goidAddress || address == g + GoReturns.G_STACK_HI)) {
            long v = address == goidAddress ? goroutineId : stackHi;
            return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
        }
        for (int i = 0; i < derefAddress.length; i++) {
            long at = address - derefAddress[i];
            if (at >= 0 && at + length <= derefBytes[i].length) {
                return Arrays.copyOfRange(derefBytes[i], (int) at, (int) at + length);
            }
            if (live && at >= 0 && at + length <= derefLength[i]) {
                return dispatcher.readLive(address, length);
            }
        }
        throw new UnreadableMemoryException(address, length, "not recorded by the uprobe");
    }

    @Override
    public long goroutinePointer(GoroutinePointer where, long[] regs) {
        return where.inThreadLocalStorage() ? 0 : regs[X86Registers.R14];
    }

    @Override
    public byte[] xmmRegisters(int tid) {
        throw new UnreadableMemoryException(0, 256, "xmm registers are not recorded by the uprobe");
    }

    @Override
    public void armReturn(int tid, long function, long entrySp, ReturnHandler handler, long now) {
        throw new IllegalStateException("C functions are traced with breakpoints, not uprobes");
    }

    @Override
    public void armGoReturn(long function, long[] regs, long[] returnSites, GoroutinePointer where,
            boolean restartable, ReturnHandler handler, long now) {
        dispatcher.armGoReturn(this, function, regs, handler, now);
    }
}
