package io.tinydbg.engine;

/**
 * One int3 the engine owns, with the original byte and how a thread gets past it without removing it: emulated in
 * the tracer, executed out of line from a slot in the scratch page, or (last resort) single-stepped in place.
 */
final class Breakpoint {
    /** How a thread gets past the displaced instruction. */
    enum Method {
        EMULATE, OUT_OF_LINE, SINGLE_STEP
    }

    final long address;
    final byte original;
    final byte[] code;
    final DecodedInstruction instruction;
    final Method method;
    final long slot;
    EntryHandler probe;
    boolean returnSite;
    /**
     * Set on the entry and the RETs of a Go function whose returns are tracked by goroutine (see
     * {@link GoReturns}): where its g is. Null otherwise.
     */
    GoroutinePointer goFunction;
    /** A Go entry probe on the function's first instruction, where Go restarts a call after growing the stack. */
    boolean goRestartable;
    /** A RET of a Go function whose returns are tracked by goroutine. */
    boolean goReturnSite;

    Breakpoint(long address, byte[] code, DecodedInstruction instruction, Method method, long slot) {
        this.address = address;
        this.original = code[0];
        this.code = code;
        this.instruction = instruction;
        this.method = method;
        this.slot = slot;
    }
}
