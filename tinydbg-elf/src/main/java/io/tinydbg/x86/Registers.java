package io.tinydbg.x86;

/**
 * Helpers to read register numbers (0 = rax ... 4 = rsp, 5 = rbp ... 15 = r15) out of ModRM/REX fields, and
 * sign-extended immediates out of an {@link Instruction}.
 */
final class Registers {
    static final int RCX = 1;
    static final int RSP = 4;
    static final int RBP = 5;
    static final int R12 = 12;
    static final int R14 = 14;

    private Registers() {
    }

    /** ModRM.reg extended by REX.R. */
    static int reg(Instruction i) {
        return ((i.rex() >> 2) & 1) << 3 | (i.modrm() >> 3) & 7;
    }

    /** ModRM.rm extended by REX.B (the base register when there is no SIB). */
    static int rm(Instruction i) {
        return (i.rex() & 1) << 3 | i.modrm() & 7;
    }

    static int mod(Instruction i) {
        return i.modrm() >> 6;
    }

    static boolean rexW(Instruction i) {
        return (i.rex() & 8) != 0;
    }

    /** The SIB byte, or -1. */
    static int sib(Instruction i) {
        return i.modrm() >= 0 && mod(i) != 3 && (i.modrm() & 7) == 4 ? i.byteAt(i.modrmOffset() + 1) : -1;
    }

    /** The base register of a SIB (with REX.B). */
    static int sibBase(Instruction i) {
        return (i.rex() & 1) << 3 | sib(i) & 7;
    }

    /** True for a SIB with no index register (index field 100 without REX.X). */
    static boolean sibHasNoIndex(Instruction i) {
        return ((sib(i) >> 3) & 7) == 4 && (i.rex() & 2) == 0;
    }

    /** The signed displacement of a memory operand with disp8 or disp32 right after ModRM (and SIB). */
    static long displacement(Instruction i) {
        int at = i.modrmOffset() + 1 + (sib(i) >= 0 ? 1 : 0);
        switch (mod(i)) {
            case 1: return (byte) i.byteAt(at);
            case 2: return signed(i, at, 4);
            default: return 0;
        }
    }

    /** The signed immediate (all immediate bytes as one little-endian value). */
    static long immediate(Instruction i) {
        return i.immediateSize() == 0 ? 0 : signed(i, i.immediateOffset(), i.immediateSize());
    }

    static long signed(Instruction i, int at, int size) {
        long v = 0;
        for (int k = size - 1; k >= 0; k--) {
            v = v << 8 | i.byteAt(at + k);
        }
        int shift = 64 - 8 * size;
        return v << shift >> shift;
    }
}
