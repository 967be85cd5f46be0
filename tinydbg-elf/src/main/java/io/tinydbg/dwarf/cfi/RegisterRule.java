package io.tinydbg.dwarf.cfi;

import io.tinydbg.dwarf.expr.Expression;

/** How to recover a register's value in the caller's frame (DWARF 5 section 6.4.1), relative to the CFA. */
public sealed interface RegisterRule {
    /** The register has no recoverable value in the caller (also marks the end of the stack for the RA column). */
    record Undefined() implements RegisterRule {
    }

    /** The caller's value is the current value: the register was not modified. */
    record SameValue() implements RegisterRule {
    }

    /** The caller's value is saved in memory at CFA + {@code offset}. */
    record Offset(long offset) implements RegisterRule {
    }

    /** The caller's value is CFA + {@code offset} itself. */
    record ValOffset(long offset) implements RegisterRule {
    }

    /** The caller's value is in register {@code register} of the current frame. */
    record Register(int register) implements RegisterRule {
    }

    /** The caller's value is in memory at the address {@code expression} computes (with the CFA pushed first). */
    record AtExpression(Expression expression) implements RegisterRule {
    }

    /** The caller's value is what {@code expression} computes (with the CFA pushed first). */
    record ValExpression(Expression expression) implements RegisterRule {
    }
}
