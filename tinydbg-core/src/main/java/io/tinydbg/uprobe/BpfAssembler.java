package io.tinydbg.uprobe;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes eBPF instructions (struct bpf_insn: opcode byte, dst and src register nibbles, signed 16-bit offset,
 * signed 32-bit immediate) into a growing buffer, with forward jumps patched when their target is placed. Only the
 * instruction forms {@link ProbeProgram} needs are here; the names follow the kernel's BPF_* macros.
 */
final class BpfAssembler {
    // instruction classes
    private static final int LD = 0x00;
    private static final int LDX = 0x01;
    private static final int ST = 0x02;
    private static final int STX = 0x03;
    private static final int JMP = 0x05;
    private static final int ALU64 = 0x07;
    // sizes
    static final int W = 0x00;
    static final int DW = 0x18;
    // modes
    private static final int IMM = 0x00;
    private static final int MEM = 0x60;
    private static final int ATOMIC = 0xc0;
    // source operand: immediate or register
    private static final int K = 0x00;
    private static final int X = 0x08;
    // ALU operations
    private static final int ADD = 0x00;
    private static final int SUB = 0x10;
    private static final int OR = 0x40;
    private static final int AND = 0x50;
    private static final int RSH = 0x70;
    private static final int MOV = 0xb0;
    // jump operations
    private static final int JA = 0x00;
    static final int JEQ = 0x10;
    static final int JNE = 0x50;
    /** Unsigned >=. */
    static final int JGE = 0x30;
    static final int JLE = 0xb0;
    private static final int CALL = 0x80;
    private static final int EXIT = 0x90;
    /** src_reg of a 64-bit immediate load meaning "the immediate is a map fd; load the map's address". */
    private static final int PSEUDO_MAP_FD = 1;

    /** The frame pointer, read-only: the program's 512-byte stack lies below it. */
    static final int R10 = 10;

    private ByteBuffer code = ByteBuffer.allocate(8 * 256).order(ByteOrder.LITTLE_ENDIAN);

    /** Number of 8-byte instruction slots emitted so far. */
    int count() {
        return code.position() / 8;
    }

    /** The encoded instructions. */
    byte[] bytes() {
        byte[] b = new byte[code.position()];
        code.duplicate().flip().get(b);
        return b;
    }

    private void emit(int opcode, int dst, int src, int off, int imm) {
        if (code.remaining() < 8) {
            ByteBuffer bigger = ByteBuffer.allocate(code.capacity() * 2).order(ByteOrder.LITTLE_ENDIAN);
            bigger.put(code.flip());
            code = bigger;
        }
        if (off != (short) off) {
            throw new IllegalStateException("eBPF offset out of range: " + off);
        }
        code.put((byte) opcode).put((byte) ((src << 4) | dst)).putShort((short) off).putInt(imm);
    }

    /** dst = src (64-bit). */
    void mov(int dst, int src) {
        emit(ALU64 | MOV | X, dst, src, 0, 0);
    }

    /** dst = imm, sign-extended to 64 bits. */
    void movImm(int dst, int imm) {
        emit(ALU64 | MOV | K, dst, 0, 0, imm);
    }

    /** dst += imm, sign-extended. */
    void addImm(int dst, int imm) {
        emit(ALU64 | ADD | K, dst, 0, 0, imm);
    }

    /** dst -= src. */
    void sub(int dst, int src) {
        emit(ALU64 | SUB | X, dst, src, 0, 0);
    }

    /** dst |= imm, sign-extended. */
    void orImm(int dst, int imm) {
        emit(ALU64 | OR | K, dst, 0, 0, imm);
    }

    /** dst &= imm, sign-extended. */
    void andImm(int dst, int imm) {
        emit(ALU64 | AND | K, dst, 0, 0, imm);
    }

    /** dst >>= imm, logical. */
    void rshImm(int dst, int imm) {
        emit(ALU64 | RSH | K, dst, 0, 0, imm);
    }

    /** dst = a full 64-bit constant (two instruction slots). */
    void loadImm64(int dst, long value) {
        emit(LD | DW | IMM, dst, 0, 0, (int) value);
        emit(0, 0, 0, 0, (int) (value >>> 32));
    }

    /** dst = the address of the map whose file descriptor is {@code fd} (rewritten by the kernel at load). */
    void loadMap(int dst, int fd) {
        emit(LD | DW | IMM, dst, PSEUDO_MAP_FD, 0, fd);
        emit(0, 0, 0, 0, 0);
    }

    /** dst = *(size *)(src + off). */
    void load(int size, int dst, int src, int off) {
        emit(LDX | MEM | size, dst, src, off, 0);
    }

    /** *(size *)(dst + off) = src. */
    void store(int size, int dst, int off, int src) {
        emit(STX | MEM | size, dst, src, off, 0);
    }

    /** *(size *)(dst + off) = imm. */
    void storeImm(int size, int dst, int off, int imm) {
        emit(ST | MEM | size, dst, 0, off, imm);
    }

    /** Atomically *(u64 *)(dst + off) += src. */
    void atomicAdd64(int dst, int off, int src) {
        emit(STX | ATOMIC | DW, dst, src, off, ADD);
    }

    /** Calls the kernel helper number {@code helper}: arguments in r1-r5, result in r0, r1-r5 clobbered. */
    void call(int helper) {
        emit(JMP | CALL, 0, 0, 0, helper);
    }

    void exit() {
        emit(JMP | EXIT, 0, 0, 0, 0);
    }

    /** A conditional forward jump comparing {@code dst} with an immediate; returns the slot to {@link #land}. */
    int jumpImm(int op, int dst, int imm) {
        emit(JMP | op | K, dst, 0, 0, imm);
        return count() - 1;
    }

    /** A conditional forward jump comparing {@code dst} with register {@code src} (unsigned for JLE). */
    int jumpReg(int op, int dst, int src) {
        emit(JMP | op | X, dst, src, 0, 0);
        return count() - 1;
    }

    /** An unconditional forward jump; returns the slot to {@link #land}. */
    int jump() {
        emit(JMP | JA, 0, 0, 0, 0);
        return count() - 1;
    }

    /** Points the jump at slot {@code jump} to the next instruction to be emitted. */
    void land(int jump) {
        int off = count() - jump - 1;
        if (off != (short) off) {
            throw new IllegalStateException("eBPF jump too far: " + off);
        }
        code.putShort(jump * 8 + 2, (short) off);
    }
}
