package io.tinydbg.x86;

/**
 * What an instruction means for a tracer: control transfers (the call graph, return sites, tail calls), the few
 * instructions that need care when run out of line, and everything else as {@link #OTHER}.
 */
public enum Kind {
    /** Any instruction without a meaning of its own for tracing. */
    OTHER,
    /** Near return: {@code ret}, {@code ret imm16}, with {@code repz}/{@code bnd}/{@code notrack} prefixes. */
    RET,
    /** {@code call rel32} (e8), target known statically. */
    CALL_DIRECT,
    /** {@code call r/m} (ff /2) and far {@code call m16:64} (ff /3). */
    CALL_INDIRECT,
    /** {@code jmp rel32} (e9) and {@code jmp rel8} (eb). */
    JMP_DIRECT,
    /** {@code jmp r/m} (ff /4) and far {@code jmp m16:64} (ff /5): switch tables, tail calls through pointers. */
    JMP_INDIRECT,
    /** Conditional jumps: 70-7f, 0f 80-8f, and jrcxz/loop/loope/loopne (e0-e3). */
    JCC,
    /** {@code syscall} (0f 05). */
    SYSCALL,
    /** {@code int3} (cc): padding between functions, or a breakpoint. */
    INT3,
    /** {@code hlt} (f4). */
    HLT,
    /** {@code ud2} (0f 0b): unreachable code markers. */
    UD2,
    /** {@code endbr64} (f3 0f 1e fa): the CET landing pad at function entries. */
    ENDBR64,
    /** One byte that does not start a valid instruction (lenient sweeps only: data in code). */
    INVALID
}
