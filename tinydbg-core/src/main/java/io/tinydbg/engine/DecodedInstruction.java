package io.tinydbg.engine;

/**
 * One decoded instruction as the engine needs it.
 *
 * @param address        where it was read
 * @param length         its length in bytes (0 when unknown)
 * @param kind           its control-flow class
 * @param ripDispOffset  offset of a RIP-relative disp32 inside the instruction, or -1
 * @param branchTarget   target of a relative branch or call, else 0
 */
public record DecodedInstruction(long address, int length, Kind kind, int ripDispOffset, long branchTarget) {
    /** Control-flow classes that decide how the instruction can be displaced. */
    public enum Kind {
        /** Straight-line instruction: may run anywhere once RIP-relative operands are fixed up. */
        PLAIN,
        /** {@code call rel32}. */
        CALL_RELATIVE,
        /** {@code jmp rel8/rel32}. */
        JUMP_RELATIVE,
        /** {@code jcc rel8/rel32}. */
        CONDITIONAL_JUMP,
        /** Other instructions whose meaning depends on their own address (loop, jrcxz, indirect call). */
        POSITION_DEPENDENT,
        /** {@code ret}: leaves through the stack, fine out of line. */
        RETURN,
        /** Could not be decoded. */
        UNKNOWN
    }

    public static DecodedInstruction unknown(long address) {
        return new DecodedInstruction(address, 0, Kind.UNKNOWN, -1, 0);
    }

    public boolean ripRelative() {
        return ripDispOffset >= 0;
    }
}
