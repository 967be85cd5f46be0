package io.tinydbg.dwarf.expr;

/**
 * DWARF register numbers of x86-64 (System V psABI, figure 3.36), their names as readelf and gdb print them,
 * and where each lives in Linux's {@code struct user_regs_struct} (the PTRACE_GETREGS layout), so the engine can
 * index a raw register array by DWARF number.
 */
public final class X86_64Registers {
    private X86_64Registers() {
    }

    public static final int RAX = 0;
    public static final int RDX = 1;
    public static final int RCX = 2;
    public static final int RBX = 3;
    public static final int RSI = 4;
    public static final int RDI = 5;
    public static final int RBP = 6;
    public static final int RSP = 7;
    public static final int R8 = 8;
    public static final int R9 = 9;
    public static final int R10 = 10;
    public static final int R11 = 11;
    public static final int R12 = 12;
    public static final int R13 = 13;
    public static final int R14 = 14;
    public static final int R15 = 15;
    /** The return address column; holds rip. */
    public static final int RIP = 16;
    public static final int XMM0 = 17;
    public static final int XMM15 = 32;
    public static final int RFLAGS = 49;
    public static final int ES = 50;
    public static final int CS = 51;
    public static final int SS = 52;
    public static final int DS = 53;
    public static final int FS = 54;
    public static final int GS = 55;
    public static final int FS_BASE = 58;
    public static final int GS_BASE = 59;

    /** Number of 8-byte fields in {@code user_regs_struct}. */
    public static final int USER_REGS_COUNT = 27;

    /** The field names of {@code user_regs_struct} in memory order. */
    public static final String[] USER_REGS_FIELDS = {
        "r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10", "r9", "r8", "rax", "rcx", "rdx", "rsi", "rdi",
        "orig_rax", "rip", "cs", "eflags", "rsp", "ss", "fs_base", "gs_base", "ds", "es", "fs", "gs"};

    private static final String[] NAMES = new String[83];
    private static final int[] USER_REGS_INDEX = new int[60];

    static {
        String[] gp = {"rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp", "r8", "r9", "r10", "r11", "r12",
            "r13", "r14", "r15", "rip"};
        System.arraycopy(gp, 0, NAMES, 0, gp.length);
        for (int i = 0; i < 16; i++) {
            NAMES[XMM0 + i] = "xmm" + i;
            NAMES[67 + i] = "xmm" + (16 + i);
        }
        for (int i = 0; i < 8; i++) {
            NAMES[33 + i] = "st" + i;
            NAMES[41 + i] = "mm" + i;
        }
        String[] rest = {"rflags", "es", "cs", "ss", "ds", "fs", "gs", null, null, "fs.base", "gs.base", null, null,
            "tr", "ldtr", "mxcsr", "fcw", "fsw"};
        System.arraycopy(rest, 0, NAMES, 49, rest.length);

        java.util.Arrays.fill(USER_REGS_INDEX, -1);
        String[] byDwarf = {"rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp", "r8", "r9", "r10", "r11", "r12",
            "r13", "r14", "r15", "rip"};
        for (int d = 0; d < byDwarf.length; d++) {
            USER_REGS_INDEX[d] = field(byDwarf[d]);
        }
        USER_REGS_INDEX[RFLAGS] = field("eflags");
        USER_REGS_INDEX[ES] = field("es");
        USER_REGS_INDEX[CS] = field("cs");
        USER_REGS_INDEX[SS] = field("ss");
        USER_REGS_INDEX[DS] = field("ds");
        USER_REGS_INDEX[FS] = field("fs");
        USER_REGS_INDEX[GS] = field("gs");
        USER_REGS_INDEX[FS_BASE] = field("fs_base");
        USER_REGS_INDEX[GS_BASE] = field("gs_base");
    }

    private static int field(String name) {
        for (int i = 0; i < USER_REGS_FIELDS.length; i++) {
            if (USER_REGS_FIELDS[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException(name);
    }

    /** The name of DWARF register {@code dwarfRegister} ("rbp", "xmm3", "fs.base"), or null when unnamed. */
    public static String name(int dwarfRegister) {
        return dwarfRegister >= 0 && dwarfRegister < NAMES.length ? NAMES[dwarfRegister] : null;
    }

    /** The DWARF number of the register called {@code name}, or -1. */
    public static int number(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (name.equals(NAMES[i])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The index of DWARF register {@code dwarfRegister} in {@code user_regs_struct} viewed as an array of 64-bit
     * words, or -1 when that structure does not hold it (vector and x87 registers live elsewhere).
     */
    public static int userRegsIndex(int dwarfRegister) {
        return dwarfRegister >= 0 && dwarfRegister < USER_REGS_INDEX.length ? USER_REGS_INDEX[dwarfRegister] : -1;
    }
}
