package io.tinydbg.dwarf.expr;

import io.tinydbg.TinydbgException;

/**
 * A DWARF expression could not be evaluated: stack underflow, an operation the evaluator does not support or
 * whose input is unavailable (a register, memory, an entry value), division by zero, or a loop that ran past the
 * step budget.
 */
public class EvaluationException extends TinydbgException {
    private static final long serialVersionUID = 1L;

    public EvaluationException(String message) {
        super(message);
    }

    public EvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
