package io.tinydbg;

import io.tinydbg.engine.EntryHit;
import io.tinydbg.engine.GoroutinePointer;
import io.tinydbg.engine.ReturnHandler;
import io.tinydbg.engine.ReturnHit;
import io.tinydbg.session.CallDecoder;
import io.tinydbg.session.GoroutineIds;
import io.tinydbg.session.StackCapture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One traced function's entry handler: turns a hit (from a breakpoint or a uprobe, it cannot tell) into a CALL
 * event, arms the matching RETURN, and keeps the follow-calls bookkeeping (a function below depth 1 is reported only
 * while a root is active on the thread). Entry and return handlers of one session never run concurrently (a
 * breakpoint's run under the uprobes' lock, see {@code TraceEngine#throttleWith}); {@code activeRoots} is a
 * concurrent map because calls unwound at a thread's exit are reported outside that lock.
 */
final class FunctionProbe {
    /** What every probe of a session shares. */
    record Context(Tracer config, EventDelivery delivery, Map<Integer, Integer> activeRoots, GoroutineIds goids,
            StackCapture stacks) {
    }

    private final Context context;
    private final TracedFunction function;
    private final int depth;
    private final CallDecoder decoder;
    private final boolean go;
    /** Where this function finds its goroutine; null when the target is not Go (or has no runtime.g). */
    private final GoroutinePointer g;
    /** Go: the probe sits on the first instruction (no stack check found), where Go may restart a call. */
    private final boolean atFirstInstruction;
    private final long[] returnSites;

    FunctionProbe(Context context, TracedFunction function, int depth, CallDecoder decoder, boolean go,
            GoroutinePointer g, boolean atFirstInstruction, long[] returnSites) {
        this.context = context;
        this.function = function;
        this.depth = depth;
        this.decoder = decoder;
        this.go = go;
        this.g = g;
        this.atFirstInstruction = atFirstInstruction;
        this.returnSites = returnSites;
    }

    CallDecoder decoder() {
        return decoder;
    }

    boolean atFirstInstruction() {
        return atFirstInstruction;
    }

    /** Whether Go compiled the function (Go's ABI, goroutine-keyed returns). */
    boolean go() {
        return go;
    }

    /** Where the function finds its goroutine, or null. */
    GoroutinePointer goroutinePointer() {
        return g;
    }

    /** The absolute addresses of the function's RETs. */
    long[] returnSites() {
        return returnSites;
    }

    void onEntry(EntryHit hit) {
        Tracer config = context.config();
        Map<Integer, Integer> activeRoots = context.activeRoots();
        StackCapture stacks = context.stacks();
        boolean follow = config.followCalls() > 0;
        boolean root = depth <= 1;
        int tid = hit.tid();
        if (follow && !root && activeRoots.getOrDefault(tid, 0) == 0) {
            return; // reached, but not under one of the pattern's own functions: not reported (as Delve)
        }
        int reportedDepth = follow ? depth : 0;
        List<StackFrame> stack = stacks == null ? List.of() : stacks.capture(hit, config.stackDepth());
        GoroutineIds ids = context.goids();
        OptionalLong goroutine = ids == null || g == null ? OptionalLong.empty() : OptionalLong.of(ids.read(hit, g));
        context.delivery().event(TraceEvent.of(TraceEvent.Kind.CALL, function, tid, goroutine,
                hit.monotonicNanos(), instant(hit.epochNanos()), reportedDepth, decoder.arguments(hit), List.of(),
                null, stack));
        if (follow && root) {
            activeRoots.merge(tid, 1, Integer::sum);
        }
        ReturnHandler onReturn = new ReturnHandler() {
            @Override
            public void onReturn(ReturnHit r) {
                leave();
                // a Go return stops at the callee's RET; any other at the caller's return address, so the
                // callee is put back as frame 0 there
                List<StackFrame> at = stacks == null ? List.of() : go ? stacks.capture(r, config.stackDepth())
                        : stacks.captureReturn(r, function.entryAddress(), config.stackDepth());
                context.delivery().event(TraceEvent.of(TraceEvent.Kind.RETURN, function, r.tid(), goroutine,
                        r.monotonicNanos(), instant(r.epochNanos()), reportedDepth, List.of(), decoder.results(r),
                        Duration.ofNanos(r.monotonicNanos() - r.entryNanos()), at));
            }

            @Override
            public void onUnwound() {
                leave();
            }

            private void leave() {
                if (follow && root) {
                    activeRoots.computeIfPresent(tid, (k, v) -> v <= 1 ? null : v - 1);
                }
            }
        };
        if (go && g != null) {
            hit.traceGoReturn(returnSites, g, atFirstInstruction, onReturn);
        } else {
            hit.traceReturn(onReturn);
        }
    }

    private static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
                Math.floorMod(epochNanos, 1_000_000_000L));
    }
}
