package io.tinydbg.demangle;

/**
 * Internal signal that a symbol cannot be demangled (malformed, or past a resource bound). It never leaves this
 * package: the public entry points turn it into an empty {@code Optional}. No stack trace is filled in because
 * failing is the normal outcome for most non-mangled input.
 */
final class DemangleFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final DemangleFailure INSTANCE = new DemangleFailure();

    private DemangleFailure() {
        super("cannot demangle", null, false, false);
    }
}
