package io.tinydbg.engine;

/**
 * Return tracking for C, C++ and Rust: each traced call pushes a pending frame on its thread (function, return
 * address, the rsp the return will leave) and an int3 at the return address catches it. A hit there pairs only
 * with the thread's innermost frame whose expected rsp and return address match, so recursion, tail calls and
 * other threads never mispair; frames that longjmp or an exception skipped are dropped by their stack pointer.
 * See docs/engine.md.
 */
final class ThreadReturns {
    private static final int CALL_REL32 = 0xe8;
    private static final int CALL_REL32_LENGTH = 5;

    private ThreadReturns() {
    }

    /** Pushes the frame of a call just entered ({@code entrySp} points at its return address). */
    static void arm(TraceEngine e, TracedThread t, long function, long entrySp, ReturnHandler handler, long now) {
        long ret = e.memory.readLong(entrySp);
        t.frames.push(new PendingReturn(function, ret, entrySp + 8, handler, now));
        e.breakpointAt(ret).returnSite = true;
    }

    /**
     * Before an entry of {@code probe} with stack pointer {@code sp}: frames whose return slot lies below this
     * call's are dead (longjmp or an exception skipped their return), and so is one that used the same slot unless
     * its function tail-called this one.
     */
    static void dropDeadFrames(TraceEngine e, TracedThread t, long probe, long sp) {
        while (!t.frames.isEmpty() && (t.frames.peek().expectedSp() - 8 < sp
                || t.frames.peek().expectedSp() - 8 == sp && sameSlotIsDead(e, t.frames.peek(), probe, sp))) {
            e.dropped(t.frames.pop().handler());
        }
    }

    /** Drops every pending frame of {@code t}: it exited, or the image it ran was replaced by an exec. */
    static void dropAll(TraceEngine e, TracedThread t) {
        while (!t.frames.isEmpty()) {
            e.dropped(t.frames.pop().handler());
        }
    }

    /** A thread reached a return address we watch, with stack pointer {@code sp}. */
    static void returnSite(TraceEngine e, TracedThread t, long pc, long sp, long[] regs, long now) {
        while (!t.frames.isEmpty() && t.frames.peek().expectedSp() < sp) {
            e.dropped(t.frames.pop().handler());
        }
        while (!t.frames.isEmpty() && t.frames.peek().expectedSp() == sp && t.frames.peek().returnAddress() == pc) {
            PendingReturn f = t.frames.pop();
            e.returned(f.handler(), new ReturnHit(e.hits, t.tid, regs, now, f.entryNanos()));
        }
    }

    /**
     * A pending frame whose return slot is the one this entry uses: either its function tail-called this one (it
     * is still live and returns together with it) or it was abandoned (longjmp, exception) and the slot reused by a
     * new call. A new call went through a {@code call} instruction just before the return address that targets
     * this function, or re-enters the same function; a tail call did neither.
     */
    private static boolean sameSlotIsDead(TraceEngine e, PendingReturn f, long probe, long sp) {
        if (f.function() == probe) {
            return true;
        }
        long ret = e.memory.readLong(sp);
        if (ret != f.returnAddress()) {
            return true;
        }
        byte[] call = e.memory.read(ret - CALL_REL32_LENGTH, CALL_REL32_LENGTH);
        return (call[0] & 0xff) == CALL_REL32 && ret + LittleEndian.int32(call, 1) == probe;
    }
}
