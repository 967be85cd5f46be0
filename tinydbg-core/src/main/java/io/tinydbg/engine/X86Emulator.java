package io.tinydbg.engine;

import static io.tinydbg.engine.X86Registers.EFLAGS;
import static io.tinydbg.engine.X86Registers.RIP;
import static io.tinydbg.engine.X86Registers.RSP;

/**
 * Executes, inside the tracer, the few instructions functions start with, so that a thread can get past an entry
 * breakpoint without the original instruction being put back (which would let other threads run through unseen)
 * and without a single-step stop. Register-only instructions cost nothing but the register write-back the engine
 * does anyway; push and call cost one 8-byte stack write.
 */
final class X86Emulator {
    /** How an instruction can be emulated. */
    enum Support {
        /** Not emulated. */
        NONE,
        /** Registers only. */
        REGISTERS,
        /** Needs a stack write. */
        STACK_WRITE
    }

    /** Writes 8 bytes to the target's memory. */
    interface StackWriter {
        void writeLong(long address, long value);
    }

    private X86Emulator() {
    }

    /** Whether (and at what cost) {@code code}, decoded as {@code insn}, can be emulated. */
    static Support support(byte[] code, DecodedInstruction insn) {
        int n = insn.length();
        int b0 = code[0] & 0xff;
        if (isEndbr64(code) || (b0 == 0x90 && n == 1) || (b0 == 0x66 && n == 2 && (code[1] & 0xff) == 0x90)
                || isMultiByteNop(code, n)) {
            return Support.REGISTERS;
        }
        if (insn.kind() == DecodedInstruction.Kind.JUMP_RELATIVE
                || insn.kind() == DecodedInstruction.Kind.CONDITIONAL_JUMP || jumpRegister(code, n) >= 0) {
            return Support.REGISTERS;
        }
        if (insn.kind() == DecodedInstruction.Kind.CALL_RELATIVE || callRegister(code, n) >= 0) {
            return Support.STACK_WRITE;
        }
        if (pushRegister(code, n) >= 0) {
            return Support.STACK_WRITE;
        }
        if (movRegReg(code, n) != null || rspImmediate(code, n) != null) {
            return Support.REGISTERS;
        }
        return Support.NONE;
    }

    /**
     * Applies {@code insn} to {@code regs} (rip must be the instruction's address), writing the stack through
     * {@code stack} if needed. Only call when {@link #support} said yes.
     */
    static void apply(byte[] code, DecodedInstruction insn, long[] regs, StackWriter stack) {
        int n = insn.length();
        long next = regs[RIP] + n;
        switch (insn.kind()) {
            case JUMP_RELATIVE -> {
                regs[RIP] = insn.branchTarget();
                return;
            }
            case CONDITIONAL_JUMP -> {
                int cc = (code[0] & 0xff) == 0x0f ? code[1] & 0x0f : code[0] & 0x0f;
                regs[RIP] = condition(cc, regs[EFLAGS]) ? insn.branchTarget() : next;
                return;
            }
            case CALL_RELATIVE -> {
                regs[RSP] -= 8;
                stack.writeLong(regs[RSP], next);
                regs[RIP] = insn.branchTarget();
                return;
            }
            default -> {
            }
        }
        int jumpTo = jumpRegister(code, n);
        if (jumpTo >= 0) {
            regs[RIP] = regs[X86Registers.index(jumpTo)];
            return;
        }
        int callee = callRegister(code, n);
        if (callee >= 0) {
            long target = regs[X86Registers.index(callee)]; // read before rsp moves (call *%rsp)
            regs[RSP] -= 8;
            stack.writeLong(regs[RSP], next);
            regs[RIP] = target;
            return;
        }
        int push = pushRegister(code, n);
        if (push >= 0) {
            long value = regs[X86Registers.index(push)];
            regs[RSP] -= 8;
            stack.writeLong(regs[RSP], value);
            regs[RIP] = next;
            return;
        }
        int[] mov = movRegReg(code, n);
        if (mov != null) {
            regs[X86Registers.index(mov[0])] = regs[X86Registers.index(mov[1])];
            regs[RIP] = next;
            return;
        }
        long[] arith = rspImmediate(code, n);
        if (arith != null) {
            long a = regs[RSP];
            long b = arith[1];
            boolean sub = arith[0] == 1;
            long r = sub ? a - b : a + b;
            regs[RSP] = r;
            regs[EFLAGS] = flags(regs[EFLAGS], a, b, r, sub);
            regs[RIP] = next;
            return;
        }
        regs[RIP] = next; // nops and endbr64
    }

    /**
     * The register number of {@code call *%reg} (FF /2 with a register operand, optionally REX.B), else -1: the
     * indirect calls that follow-calls probes to learn where a function pointer leads.
     */
    static int callRegister(byte[] c, int n) {
        return indirectRegister(c, n, 2);
    }

    /** The register number of {@code jmp *%reg} (FF /4 with a register operand), else -1. */
    static int jumpRegister(byte[] c, int n) {
        return indirectRegister(c, n, 4);
    }

    private static int indirectRegister(byte[] c, int n, int group) {
        int i = 0;
        int rexB = 0;
        if (n == 3 && (c[0] & 0xf0) == 0x40) {
            rexB = c[0] & 1;
            i = 1;
        } else if (n != 2) {
            return -1;
        }
        if ((c[i] & 0xff) != 0xff) {
            return -1;
        }
        int modrm = c[i + 1] & 0xff;
        if ((modrm >> 6) != 3 || ((modrm >> 3) & 7) != group) {
            return -1;
        }
        return (modrm & 7) | rexB << 3;
    }

    static boolean isEndbr64(byte[] c) {
        return c.length >= 4 && (c[0] & 0xff) == 0xf3 && (c[1] & 0xff) == 0x0f && (c[2] & 0xff) == 0x1e
                && (c[3] & 0xff) == 0xfa;
    }

    private static boolean isMultiByteNop(byte[] c, int n) {
        int i = 0;
        while (i < n && (c[i] & 0xff) == 0x66) {
            i++;
        }
        if (i < n && (c[i] & 0xf0) == 0x40) {
            i++;
        }
        return i + 2 < n + 1 && i + 1 < n && (c[i] & 0xff) == 0x0f && (c[i + 1] & 0xff) == 0x1f
                && i + 2 < n && ((c[i + 2] >> 3) & 7) == 0;
    }

    /** Register number pushed by {@code push r64} (50+r, optionally REX.B), or -1. */
    private static int pushRegister(byte[] c, int n) {
        if (n == 1 && (c[0] & 0xf8) == 0x50) {
            return c[0] & 7;
        }
        if (n == 2 && ((c[0] & 0xff) == 0x41) && (c[1] & 0xf8) == 0x50) {
            return 8 + (c[1] & 7);
        }
        return -1;
    }

    /** {dst, src} of {@code mov r64, r64} (REX.W 89/8B with a register ModRM), or null. */
    private static int[] movRegReg(byte[] c, int n) {
        if (n != 3 || (c[0] & 0xf8) != 0x48) {
            return null;
        }
        int rex = c[0] & 0xff;
        int op = c[1] & 0xff;
        int m = c[2] & 0xff;
        if (m >> 6 != 3 || (op != 0x89 && op != 0x8b)) {
            return null;
        }
        int reg = ((m >> 3) & 7) | ((rex & 4) << 1);
        int rm = (m & 7) | ((rex & 1) << 3);
        return op == 0x89 ? new int[] {rm, reg} : new int[] {reg, rm};
    }

    /** {1 = sub / 0 = add, immediate} of {@code sub/add rsp, imm8/imm32}, or null. */
    private static long[] rspImmediate(byte[] c, int n) {
        if (n < 4 || (c[0] & 0xff) != 0x48) {
            return null;
        }
        int op = c[1] & 0xff;
        int m = c[2] & 0xff;
        if (m != 0xec && m != 0xc4) {
            return null;
        }
        long imm;
        if (op == 0x83 && n == 4) {
            imm = c[3];
        } else if (op == 0x81 && n == 7) {
            imm = LittleEndian.int32(c, 3);
        } else {
            return null;
        }
        return new long[] {m == 0xec ? 1 : 0, imm};
    }

    /** EFLAGS after a 64-bit add or sub of a and b giving r (CF PF AF ZF SF OF). */
    static long flags(long old, long a, long b, long r, boolean sub) {
        long f = old & ~(0x1L | 0x4L | 0x10L | 0x40L | 0x80L | 0x800L);
        boolean cf = sub ? Long.compareUnsigned(a, b) < 0 : Long.compareUnsigned(r, a) < 0;
        boolean of = sub ? ((a ^ b) & (a ^ r)) < 0 : (~(a ^ b) & (a ^ r)) < 0;
        if (cf) {
            f |= 0x1;
        }
        if ((Integer.bitCount((int) (r & 0xff)) & 1) == 0) {
            f |= 0x4;
        }
        if (((a ^ b ^ r) & 0x10) != 0) {
            f |= 0x10;
        }
        if (r == 0) {
            f |= 0x40;
        }
        if (r < 0) {
            f |= 0x80;
        }
        if (of) {
            f |= 0x800;
        }
        return f;
    }

    /** Evaluates condition code {@code cc} (the low nibble of a jcc opcode) on {@code eflags}. */
    static boolean condition(int cc, long eflags) {
        boolean cf = (eflags & 0x1) != 0;
        boolean pf = (eflags & 0x4) != 0;
        boolean zf = (eflags & 0x40) != 0;
        boolean sf = (eflags & 0x80) != 0;
        boolean of = (eflags & 0x800) != 0;
        boolean r = switch (cc >> 1) {
            case 0 -> of;
            case 1 -> cf;
            case 2 -> zf;
            case 3 -> cf || zf;
            case 4 -> sf;
            case 5 -> pf;
            case 6 -> sf != of;
            default -> zf || sf != of;
        };
        return (cc & 1) == 0 ? r : !r;
    }
}
