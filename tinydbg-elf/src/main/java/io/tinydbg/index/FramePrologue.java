package io.tinydbg.index;

import java.nio.ByteBuffer;

/**
 * The frame setup a function without line information usually starts with ({@code endbr64}, {@code push rbp},
 * {@code mov rbp,rsp}); its length is how far a debugger moves the breakpoint to find the arguments in place.
 */
final class FramePrologue {
    private static final byte[] ENDBR64 = {(byte) 0xf3, 0x0f, 0x1e, (byte) 0xfa};
    private static final byte[] PUSH_RBP = {0x55};
    private static final byte[] MOV_RBP_RSP = {0x48, (byte) 0x89, (byte) 0xe5};

    private FramePrologue() {
    }

    /** The number of bytes of frame setup at the start of {@code code} (0 when it does not start with any). */
    static int length(ByteBuffer code) {
        int at = skip(code, 0, ENDBR64);
        int afterPush = skip(code, at, PUSH_RBP);
        if (afterPush == at) {
            return 0; // without push rbp nothing is set up; the arguments are already in place at the entry
        }
        return skip(code, afterPush, MOV_RBP_RSP);
    }

    private static int skip(ByteBuffer code, int at, byte[] expected) {
        if (at + expected.length > code.limit()) {
            return at;
        }
        for (int i = 0; i < expected.length; i++) {
            if (code.get(at + i) != expected[i]) {
                return at;
            }
        }
        return at + expected.length;
    }
}
