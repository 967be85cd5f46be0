package io.tinydbg.engine;

/**
 * Executable memory mapped into the target for out-of-line execution: each displaced instruction gets a slot
 * holding a (fixed-up) copy of itself followed by {@code jmp [rip+0]; .quad next}, an absolute jump back to the
 * instruction after the original. A thread sent to a slot runs it and returns to the original code without another
 * stop, so the breakpoint stays in place for every other thread. Slots are never reused: a thread may still be
 * inside one after its probe was removed, even after we detached.
 */
final class ScratchPage {
    static final int SIZE = 64 * 1024;
    static final int SLOT = 32;
    final long base;
    private int used;

    ScratchPage(long base) {
        this.base = base;
    }

    /** The next free slot, or -1 when the page is full. */
    long allocate() {
        if (used + SLOT > SIZE) {
            return -1;
        }
        long s = base + used;
        used += SLOT;
        return s;
    }

    /**
     * The bytes of a slot that executes {@code insn} (read from {@code code}) at {@code slot} and jumps back, or
     * null when a RIP-relative operand would not reach from the slot.
     */
    static byte[] slotCode(byte[] code, DecodedInstruction insn, long slot) {
        int n = insn.length();
        byte[] out = new byte[n + 14];
        System.arraycopy(code, 0, out, 0, n);
        if (insn.ripRelative()) {
            long disp = LittleEndian.int32(code, insn.ripDispOffset());
            long moved = disp + insn.address() - slot;
            if (moved != (int) moved) {
                return null;
            }
            putInt(out, insn.ripDispOffset(), (int) moved);
        }
        out[n] = (byte) 0xff;
        out[n + 1] = 0x25;
        long back = insn.address() + n;
        for (int i = 0; i < 8; i++) {
            out[n + 6 + i] = (byte) (back >>> (8 * i));
        }
        return out;
    }

    private static void putInt(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
