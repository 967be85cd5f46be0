package io.tinydbg.engine;

import static io.tinydbg.engine.X86Registers.RSP;

/**
 * Return tracking for Go, whose goroutine stacks move when they grow: a frame is keyed by its goroutine (its goid,
 * read through the g pointer, which is in r14 under Go's register ABI, else in thread-local storage; see
 * {@link GoroutinePointer}) and its distance from the top of that goroutine's stack
 * ({@code g.stack.hi - rsp}), which survives a stack copy; returns are caught by breakpoints on the function's own
 * RET instructions (the index's return sites), where rsp is back at its entry value. Goroutines may move between
 * threads, so frames belong to goroutines, not threads. This is Delve's scheme.
 *
 * <p>A stack that grows at a function's entry makes Go restart the function from its first instruction; for a probe
 * there, that second entry (same goroutine, function and distance) is recognised and not reported again.
 *
 * <p>Only functions compiled from Go are tracked here. C functions of a cgo binary run on the thread's system stack,
 * which never moves, and their r14 is not a g: they use the thread-keyed return tracking of C.
 */
final class GoReturns {
    /** g.stack.hi: struct g starts with stack{lo, hi}. */
    static final int G_STACK_HI = 8;

    private final GoFrames frames = new GoFrames();

    boolean isEmpty() {
        return frames.isEmpty();
    }

    private static long offset(TraceEngine e, long g, long sp) {
        return e.memory.readLong(g + G_STACK_HI) - sp;
    }

    /** An entry of a Go function: see {@link GoFrames#enterIsRestart}. */
    boolean enterIsRestart(TraceEngine e, Breakpoint entry, long[] regs) {
        long g = entry.goFunction.read(e.memory, regs);
        return frames.enterIsRestart(entry.goFunction.goroutineKey(e.memory, g), offset(e, g, regs[RSP]),
                entry.address, entry.goRestartable, e::dropped);
    }

    void arm(TraceEngine e, long function, long[] regs, long[] returnSites, GoroutinePointer where,
            boolean restartable, ReturnHandler handler, long now) {
        long g = where.read(e.memory, regs);
        if (g == 0) {
            e.dropped(handler); // no goroutine (a thread outside the scheduler): its return cannot be keyed
            return;
        }
        Breakpoint entry = e.breakpoints.get(function);
        if (entry == null || entry.goFunction == null) {
            describe(e, entry, returnSites, where, restartable); // the function's first call
        }
        frames.push(where.goroutineKey(e.memory, g), g,
                new GoFrames.Frame(function, offset(e, g, regs[RSP]), handler, now), e::dropped);
    }

    /** Marks a Go function's entry probe and installs its RET breakpoints: once, they do not change per call. */
    private static void describe(TraceEngine e, Breakpoint entry, long[] returnSites, GoroutinePointer where,
            boolean restartable) {
        if (entry != null) {
            entry.goFunction = where;
            entry.goRestartable = restartable;
        }
        for (long site : returnSites) {
            Breakpoint bp = e.breakpointAt(site);
            bp.goReturnSite = true;
            bp.goFunction = where;
        }
    }

    /** A thread reached one of the RETs we watch. */
    void returnSite(TraceEngine e, TracedThread t, Breakpoint site, long[] regs, long now) {
        long g = site.goFunction.read(e.memory, regs);
        GoFrames.Frame f = frames.returnAt(site.goFunction.goroutineKey(e.memory, g), offset(e, g, regs[RSP]),
                e::dropped);
        if (f != null) {
            e.returned(f.handler(), new ReturnHit(e.hits, t.tid, regs, now, f.entryNanos()));
        }
    }

    void clear(TraceEngine e) {
        frames.clear(e::dropped);
    }
}
