package io.tinydbg.engine;

/**
 * Counters of one engine.
 *
 * @param entryHits    probe hits
 * @param returns      return events delivered
 * @param unwound      frames dropped without a return (longjmp, exceptions)
 * @param stops        every ptrace stop handled
 * @param singleSteps  single-steps done (the last-resort method)
 * @param tracerNanos  time spent handling stops, from waitpid's return to the resume request
 */
public record EngineStats(long entryHits, long returns, long unwound, long stops, long singleSteps,
        long tracerNanos) {
}
