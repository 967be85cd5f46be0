package io.tinydbg.engine;

/** A thread at a probed function's first instruction; arguments are in its registers and stack. */
public final class EntryHit extends Hit {
    private final long probeAddress;

    EntryHit(HitSource engine, int tid, long[] regs, long now, long probeAddress) {
        super(engine, tid, regs, now);
        this.probeAddress = probeAddress;
    }

    /** The probe's address (== pc). */
    public long probeAddress() {
        return probeAddress;
    }

    /** The stack pointer at entry: it points at the return address. */
    public long entryStackPointer() {
        return regs[X86Registers.RSP];
    }

    /** The caller's return address ([rsp] at entry). */
    public long returnAddress() {
        return engine.readLong(regs[X86Registers.RSP]);
    }

    /**
     * Arms one return event for this call: a breakpoint at the return address, keyed by (thread, rsp after the
     * return), so recursion, tail calls and other threads never pair wrongly; frames left behind by longjmp or
     * exceptions are reported to {@link ReturnHandler#onUnwound} when a shallower frame returns or enters.
     */
    public void traceReturn(ReturnHandler handler) {
        engine.armReturn(tid, probeAddress, regs[X86Registers.RSP], handler, monotonicNanos);
    }

    /**
     * Arms one return event for a Go function (register ABI), whose stacks move: breakpoints on the function's
     * {@code returnSites} (the addresses of its RET instructions, absolute), matched by goroutine and distance from
     * the goroutine's stack top. {@code g} says where the function finds its goroutine. {@code restartable}: this
     * probe is on the function's first instruction, before its stack check, so Go may run it again for the same
     * call after growing the stack (not reported twice); a probe after the check sees each call once. See
     * {@link GoReturns}.
     */
    public void traceGoReturn(long[] returnSites, GoroutinePointer g, boolean restartable, ReturnHandler handler) {
        engine.armGoReturn(probeAddress, regs.clone(), returnSites.clone(), g, restartable, handler, monotonicNanos);
    }
}
