package io.tinydbg.engine;

/**
 * Indexes into the x86-64 {@code user_regs_struct} as the engine hands it out (a {@code long[27]}), and the
 * mapping from instruction register numbers (0 = rax ... 15 = r15) to those indexes.
 */
public final class X86Registers {
    public static final int R15 = 0;
    public static final int R14 = 1;
    public static final int R13 = 2;
    public static final int R12 = 3;
    public static final int RBP = 4;
    public static final int RBX = 5;
    public static final int R11 = 6;
    public static final int R10 = 7;
    public static final int R9 = 8;
    public static final int R8 = 9;
    public static final int RAX = 10;
    public static final int RCX = 11;
    public static final int RDX = 12;
    public static final int RSI = 13;
    public static final int RDI = 14;
    public static final int ORIG_RAX = 15;
    public static final int RIP = 16;
    public static final int CS = 17;
    public static final int EFLAGS = 18;
    public static final int RSP = 19;
    public static final int SS = 20;
    public static final int FS_BASE = 21;
    public static final int GS_BASE = 22;
    public static final int COUNT = 27;
    /** Size of user_regs_struct in bytes. */
    public static final int SIZE = COUNT * 8;
    /** Offset of xmm0 in user_fpregs_struct (the FXSAVE area). */
    public static final int FP_XMM0 = 160;

    private static final int[] BY_NUMBER = {RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13,
        R14, R15};

    private X86Registers() {
    }

    /** The user_regs_struct index of instruction register number {@code n} (0..15). */
    public static int index(int n) {
        return BY_NUMBER[n];
    }
}
