package io.tinydbg.engine;

import static io.tinydbg.engine.X86Registers.R14;
import static io.tinydbg.engine.X86Registers.RSP;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Return tracking for Go, whose goroutine stacks move when they grow: a frame is keyed by its goroutine (the g
 * pointer, in r14 under Go's register ABI) and its distance from the top of that goroutine's stack
 * ({@code g.stack.hi - rsp}), which survives a stack copy; returns are caught by breakpoints on the function's own
 * RET instructions (the index's return sites), where rsp is back at its entry value. Goroutines may move between
 * threads, so frames belong to goroutines, not threads. This is Delve's scheme.
 *
 * <p>A stack that grows at a function's entry makes Go restart the function from its first instruction; that second
 * entry (same goroutine, function and distance) is recognised and not reported again.
 */
final class GoReturns {
    /** g.stack.hi: struct g starts with stack{lo, hi}. */
    private static final int G_STACK_HI = 8;

    record Frame(long function, long offset, ReturnHandler handler, long entryNanos) {
    }

    private final Map<Long, ArrayDeque<Frame>> byGoroutine = new HashMap<>();

    boolean isEmpty() {
        return byGoroutine.isEmpty();
    }

    private static long offset(TraceEngine e, long g, long sp) {
        return e.memory.readLong(g + G_STACK_HI) - sp;
    }

    /** True when this entry is Go restarting {@code function} after growing the stack (already reported). */
    boolean isRestart(TraceEngine e, long function, long[] regs) {
        ArrayDeque<Frame> frames = byGoroutine.get(regs[R14]);
        if (frames == null || frames.isEmpty()) {
            return false;
        }
        long off = offset(e, regs[R14], regs[RSP]);
        Frame top = frames.peek();
        if (top.function() == function && top.offset() == off) {
            return true;
        }
        while (!frames.isEmpty() && frames.peek().offset() >= off) {
            e.dropped(frames.pop().handler()); // abandoned by a panic or Goexit
        }
        return false;
    }

    void arm(TraceEngine e, long function, long[] regs, long[] returnSites, ReturnHandler handler, long now) {
        long g = regs[R14];
        byGoroutine.computeIfAbsent(g, k -> new ArrayDeque<>())
                .push(new Frame(function, offset(e, g, regs[RSP]), handler, now));
        for (long site : returnSites) {
            e.breakpointAt(site).goReturnSite = true;
        }
    }

    /** A thread reached one of the RETs we watch. */
    void returnSite(TraceEngine e, TracedThread t, long[] regs, long now) {
        ArrayDeque<Frame> frames = byGoroutine.get(regs[R14]);
        if (frames == null) {
            return;
        }
        long off = offset(e, regs[R14], regs[RSP]);
        while (!frames.isEmpty() && frames.peek().offset() > off) {
            e.dropped(frames.pop().handler());
        }
        if (!frames.isEmpty() && frames.peek().offset() == off) {
            Frame f = frames.pop();
            e.returned(f.handler(), new ReturnHit(e, t.tid, regs, now, f.entryNanos()));
        }
        if (frames.isEmpty()) {
            byGoroutine.remove(regs[R14]);
        }
    }

    void clear(TraceEngine e) {
        for (ArrayDeque<Frame> frames : byGoroutine.values()) {
            for (Frame f : frames) {
                e.dropped(f.handler());
            }
        }
        byGoroutine.clear();
    }
}
