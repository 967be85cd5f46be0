package io.tinydbg.index;

/**
 * A call or tail-call jump found by decoding a function body: the address of the instruction, its length, and for
 * direct calls the target (0 for indirect calls, which the engine resolves when they run).
 */
public record CallSite(long address, int length, long target, boolean indirect, boolean tailJump) {
}
