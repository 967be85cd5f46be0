package io.tinydbg.dwarf.cfi;

import io.tinydbg.dwarf.expr.Expression;

/** How to compute the canonical frame address (the caller's stack pointer before the call). */
public sealed interface CfaRule {
    /** CFA = value of {@code register} + {@code offset}. */
    record RegisterOffset(int register, long offset) implements CfaRule {
    }

    /** CFA = the value {@code expression} computes (DW_CFA_def_cfa_expression). */
    record ByExpression(Expression expression) implements CfaRule {
    }
}
