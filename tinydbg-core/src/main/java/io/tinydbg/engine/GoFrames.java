package io.tinydbg.engine;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The pending calls of Go functions, by goroutine: each a stack of frames ordered by their distance from the top of
 * the goroutine's stack ({@code g.stack.hi - rsp}), which survives a stack copy. Pure bookkeeping: the ptrace engine
 * ({@link GoReturns}) and the uprobe dispatcher ({@link UprobeDispatcher}) find the goroutine key and the distance
 * each in its own way and share the matching rules here, which are Delve's.
 */
final class GoFrames {
    record Frame(long function, long offset, ReturnHandler handler, long entryNanos) {
    }

    private final Map<Long, ArrayDeque<Frame>> byGoroutine = new HashMap<>();
    /**
     * While a goroutine has pending frames: the g (runtime.g's address) it runs on, and the other way round. A g
     * that shows up with another goroutine means the first one ended (runtime.Goexit) with calls that will never
     * return; without this they would stay here for the life of the process.
     */
    private final Map<Long, Long> gOfGoroutine = new HashMap<>();
    private final Map<Long, Long> goroutineOnG = new HashMap<>();

    boolean isEmpty() {
        return byGoroutine.isEmpty();
    }

    /**
     * An entry of {@code function} at {@code offset} on goroutine {@code key}: the goroutine's pending frames at the
     * same depth or deeper are dead (abandoned by a panic that a caller recovered, or by Goexit) and go to
     * {@code dropped}. True when this entry is Go restarting the function after growing the stack, which was
     * reported already: possible only when {@code restartable} (the probe is on the first instruction, before the
     * stack check); after the check the same function at the same depth is a new call.
     */
    boolean enterIsRestart(long key, long offset, long function, boolean restartable,
            Consumer<ReturnHandler> dropped) {
        ArrayDeque<Frame> frames = byGoroutine.get(key);
        if (frames == null || frames.isEmpty()) {
            return false;
        }
        Frame top = frames.peek();
        if (restartable && top.function() == function && top.offset() == offset) {
            return true;
        }
        while (!frames.isEmpty() && frames.peek().offset() >= offset) {
            dropped.accept(frames.pop().handler());
        }
        return false;
    }

    /**
     * A call of goroutine {@code key}, running on g {@code g}, waits for its return. If that g last ran another
     * goroutine that still has pending frames, that goroutine has ended: its frames go to {@code dropped}. A key of 0
     * (a system stack) or a g of 0 is not tracked that way.
     */
    void push(long key, long g, Frame frame, Consumer<ReturnHandler> dropped) {
        if (key != 0 && g != 0 && key != g) {
            Long before = goroutineOnG.put(g, key);
            if (before != null && before != key) {
                ArrayDeque<Frame> dead = byGoroutine.remove(before);
                gOfGoroutine.remove(before);
                if (dead != null) {
                    for (Frame f : dead) {
                        dropped.accept(f.handler());
                    }
                }
            }
            gOfGoroutine.put(key, g);
        }
        byGoroutine.computeIfAbsent(key, k -> new ArrayDeque<>()).push(frame);
    }

    /**
     * A RET of a traced function reached at {@code offset} on goroutine {@code key}: frames deeper than it were
     * abandoned (to {@code dropped}); the frame at exactly this depth is the call returning, removed and returned.
     * Null when no pending call matches (the return of a call made before tracing began).
     */
    Frame returnAt(long key, long offset, Consumer<ReturnHandler> dropped) {
        ArrayDeque<Frame> frames = byGoroutine.get(key);
        if (frames == null) {
            return null;
        }
        while (!frames.isEmpty() && frames.peek().offset() > offset) {
            dropped.accept(frames.pop().handler());
        }
        Frame match = !frames.isEmpty() && frames.peek().offset() == offset ? frames.pop() : null;
        if (frames.isEmpty()) {
            byGoroutine.remove(key);
            Long g = gOfGoroutine.remove(key);
            if (g != null) {
                goroutineOnG.remove(g);
            }
        }
        return match;
    }

    /** Every pending frame to {@code dropped}: the process is gone. */
    void clear(Consumer<ReturnHandler> dropped) {
        for (ArrayDeque<Frame> frames : byGoroutine.values()) {
            for (Frame f : frames) {
                dropped.accept(f.handler());
            }
        }
        byGoroutine.clear();
        gOfGoroutine.clear();
        goroutineOnG.clear();
    }
}
