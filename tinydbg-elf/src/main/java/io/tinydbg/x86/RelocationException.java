package io.tinydbg.x86;

import io.tinydbg.TinydbgException;

/**
 * An instruction cannot run at another address: its relative displacement would not fit its field (±2 GiB for
 * rel32/disp32, ±128 bytes for rel8), or its relative form is one we do not re-encode.
 */
public final class RelocationException extends TinydbgException {
    private static final long serialVersionUID = 1L;

    public RelocationException(String message) {
        super(message);
    }
}
