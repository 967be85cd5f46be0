package io.tinydbg.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The emulated prologue instructions do what the CPU does. */
class X86EmulatorTest {
    private final X86InstructionDecoder decoder = new X86InstructionDecoder();

    private long[] run(long[] regs, int... bytes) {
        byte[] code = new byte[16];
        for (int i = 0; i < bytes.length; i++) {
            code[i] = (byte) bytes[i];
        }
        DecodedInstruction insn = decoder.decode(code, regs[X86Registers.RIP]);
        assertThat(X86Emulator.support(code, insn)).isNotEqualTo(X86Emulator.Support.NONE);
        long[] stack = new long[2];
        X86Emulator.apply(code, insn, regs, (a, v) -> {
            stack[0] = a;
            stack[1] = v;
        });
        if (stack[0] != 0) {
            regs[X86Registers.R15] = stack[1]; // expose the written value to the test
        }
        return regs;
    }

    private static long[] regs() {
        long[] r = new long[X86Registers.COUNT];
        r[X86Registers.RIP] = 0x1000;
        r[X86Registers.RSP] = 0x7ff0;
        r[X86Registers.RBP] = 0x1234;
        r[X86Registers.EFLAGS] = 0x202;
        return r;
    }

    @Test
    void pushRbpMovRbpRspSubRspAndEndbr() {
        long[] r = run(regs(), 0x55);
        assertThat(r[X86Registers.RSP]).isEqualTo(0x7fe8);
        assertThat(r[X86Registers.R15]).isEqualTo(0x1234);
        assertThat(r[X86Registers.RIP]).isEqualTo(0x1001);
        r = run(regs(), 0x48, 0x89, 0xe5);
        assertThat(r[X86Registers.RBP]).isEqualTo(0x7ff0);
        r = run(regs(), 0x48, 0x83, 0xec, 0x10);
        assertThat(r[X86Registers.RSP]).isEqualTo(0x7fe0);
        assertThat(r[X86Registers.EFLAGS] & 0x8c5).isZero(); // no CF ZF SF OF
        r = run(regs(), 0x48, 0x81, 0xc4, 0x00, 0x01, 0x00, 0x00);
        assertThat(r[X86Registers.RSP]).isEqualTo(0x80f0);
        r = run(regs(), 0xf3, 0x0f, 0x1e, 0xfa);
        assertThat(r[X86Registers.RIP]).isEqualTo(0x1004);
        r = run(regs(), 0x41, 0x57);
        assertThat(r[X86Registers.RSP]).isEqualTo(0x7fe8);
    }

    @Test
    void subtractionFlagsMatchTheCpuRules() {
        // 0 - 1: borrow (CF), negative (SF), no overflow, parity of 0xff is even (PF), AF from bit 4 borrow
        long f = X86Emulator.flags(0, 0, 1, -1, true);
        assertThat(f & 0x1).isEqualTo(1);
        assertThat(f & 0x80).isEqualTo(0x80);
        assertThat(f & 0x800).isZero();
        assertThat(f & 0x4).isEqualTo(4);
        assertThat(f & 0x10).isEqualTo(0x10);
        // MIN - 1 overflows
        assertThat(X86Emulator.flags(0, Long.MIN_VALUE, 1, Long.MAX_VALUE, true) & 0x800).isEqualTo(0x800);
        // x - x is zero
        assertThat(X86Emulator.flags(0, 5, 5, 0, true) & 0x40).isEqualTo(0x40);
    }

    @Test
    void relativeCallsAndConditionalJumps() {
        long[] r = run(regs(), 0xe8, 0x10, 0x00, 0x00, 0x00);
        assertThat(r[X86Registers.RIP]).isEqualTo(0x1015);
        assertThat(r[X86Registers.R15]).isEqualTo(0x1005);
        long[] z = regs();
        z[X86Registers.EFLAGS] |= 0x40;
        assertThat(run(z, 0x74, 0x05)[X86Registers.RIP]).isEqualTo(0x1007); // je taken
        assertThat(run(regs(), 0x74, 0x05)[X86Registers.RIP]).isEqualTo(0x1002); // je not taken
    }
}
