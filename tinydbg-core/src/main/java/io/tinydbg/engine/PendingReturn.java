package io.tinydbg.engine;

/**
 * A traced call whose return is awaited: it returns when its thread reaches {@code returnAddress} with exactly
 * {@code expectedSp} (the entry stack pointer + 8, i.e. after {@code ret} popped the return address).
 * {@code function} is the probed entry address the call came through.
 */
record PendingReturn(long function, long returnAddress, long expectedSp, ReturnHandler handler, long entryNanos) {
}
