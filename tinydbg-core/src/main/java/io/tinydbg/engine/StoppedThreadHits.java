package io.tinydbg.engine;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.tinydbg.ptrace.Ptrace;

/**
 * What the hits of a ptrace stop read through: the engine, answering for the thread that is stopped. Memory and
 * registers are read on the tracer thread (ptrace requests must come from it; a handler running there already
 * calls straight through), and returns are armed in the engine's tables there.
 */
final class StoppedThreadHits implements HitSource {
    private final TraceEngine engine;
    /** user_fpregs_struct of the thread whose xmm registers are read (tracer thread only). */
    private final Memory fpBuf = new Memory(512);

    StoppedThreadHits(TraceEngine engine) {
        this.engine = engine;
    }

    @Override
    public long epochNanos(long monotonicNanos) {
        return engine.epochNanos(monotonicNanos);
    }

    @Override
    public byte[] readMemory(long address, int length) {
        return engine.tracer.call(() -> engine.memory.read(address, length));
    }

    @Override
    public long readLong(long address) {
        return engine.tracer.call(() -> engine.memory.readLong(address));
    }

    @Override
    public long goroutinePointer(GoroutinePointer where, long[] regs) {
        // r14 needs no memory; the TLS slot is read through the stopped thread's fs_base
        return where.inThreadLocalStorage() ? engine.tracer.call(() -> where.read(engine.memory, regs))
                : where.read(engine.memory, regs);
    }

    /** The 16 xmm registers of the stopped thread (256 bytes, xmm0 first), read with one PTRACE_GETFPREGS. */
    @Override
    public byte[] xmmRegisters(int tid) {
        return engine.tracer.call(() -> {
            Ptrace.call(Ptrace.GETFPREGS, tid, 0, Pointer.nativeValue(fpBuf));
            return fpBuf.getByteArray(X86Registers.FP_XMM0, 16 * 16);
        });
    }

    @Override
    public void armReturn(int tid, long function, long entrySp, ReturnHandler handler, long now) {
        engine.tracer.call(() -> {
            ThreadReturns.arm(engine, engine.threads.get(tid), function, entrySp, handler, now);
            return null;
        });
    }

    @Override
    public void armGoReturn(long function, long[] regs, long[] returnSites, GoroutinePointer g, boolean restartable,
            ReturnHandler handler, long now) {
        engine.tracer.call(() -> {
            engine.goReturns.arm(engine, function, regs, returnSites, g, restartable, handler, now);
            return null;
        });
    }
}
