package io.tinydbg.x86;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * One decoded x86-64 instruction: where it is, how long it is, what it means for a tracer, and where its
 * position-dependent fields sit, so it can be re-encoded to run at another address (out-of-line execution, as the
 * kernel's uprobes do).
 *
 * @param address            runtime address of the first byte
 * @param length             1 to 15 bytes
 * @param kind               classification for tracing
 * @param branchTarget       absolute target of a relative call/jmp/jcc (also xbegin); empty otherwise
 * @param ripRelative        true when a memory operand is RIP-relative ({@code [rip+disp32]})
 * @param displacementOffset byte offset of the RIP-relative disp32 within the instruction, -1 when none
 * @param relativeOffset     byte offset of a branch's rel8/rel16/rel32 within the instruction, -1 when none
 * @param relativeSize       size of that relative field (1, 2 or 4), 0 when none
 * @param immediateOffset    byte offset of the first immediate byte, -1 when none
 * @param immediateSize      total size of the immediates (a branch's relative field is not counted), 0 when none
 * @param opcodeOffset       byte offset of the opcode (after prefixes, REX, VEX/EVEX/XOP payload and escapes)
 * @param encoding           legacy, VEX, EVEX or XOP
 * @param opcodeMap          0 one-byte map, 1 = 0f, 2 = 0f 38, 3 = 0f 3a, 0x0f = 3DNow!; VEX/EVEX/XOP: their map field
 * @param opcode             the opcode byte within its map
 * @param modrmOffset        byte offset of the ModRM byte, -1 when the instruction has none
 * @param prefixes           {@link Prefixes} bit set of the legacy prefixes present
 * @param rex                the REX byte (0x40-0x4f) immediately before the opcode, 0 when none
 * @param bytes              the instruction's bytes (use {@link #bytes()} for a copy)
 */
public record Instruction(long address, int length, Kind kind, OptionalLong branchTarget, boolean ripRelative,
        int displacementOffset, int relativeOffset, int relativeSize, int immediateOffset, int immediateSize,
        int opcodeOffset, Encoding encoding, int opcodeMap, int opcode, int modrmOffset, int prefixes, int rex,
        byte[] bytes) {

    /** How the opcode was encoded. */
    public enum Encoding { LEGACY, VEX, EVEX, XOP }

    /** Bits of {@link #prefixes()}. */
    public static final class Prefixes {
        public static final int OPERAND_SIZE = 1;   // 66
        public static final int ADDRESS_SIZE = 2;   // 67
        public static final int REPNE = 4;          // f2 (also bnd)
        public static final int REP = 8;            // f3
        public static final int LOCK = 16;          // f0
        public static final int SEGMENT = 32;       // 26 2e 36 3e 64 65
        public static final int NOTRACK = 64;       // 3e (before an indirect branch it means notrack)
        public static final int FS = 128;           // 64
        public static final int GS = 256;           // 65

        private Prefixes() {
        }
    }

    /** A 1-byte {@link Kind#INVALID} pseudo-instruction for a byte a lenient sweep could not decode. */
    static Instruction invalid(long address, byte b) {
        return new Instruction(address, 1, Kind.INVALID, OptionalLong.empty(), false, -1, -1, 0, -1, 0, 0,
                Encoding.LEGACY, 0, b & 0xff, -1, 0, 0, new byte[] {b});
    }

    /** A copy of the instruction's bytes. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The byte at {@code index} within the instruction (0 to length-1), unsigned. */
    public int byteAt(int index) {
        return bytes[index] & 0xff;
    }

    /** Address of the next instruction in memory. */
    public long end() {
        return address + length;
    }

    /** True when {@code prefix} (a {@link Prefixes} bit) is present. */
    public boolean hasPrefix(int prefix) {
        return (prefixes & prefix) != 0;
    }

    /** The absolute address a RIP-relative operand refers to. */
    public OptionalLong ripTarget() {
        if (!ripRelative) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(end() + readSigned(displacementOffset, 4));
    }

    /** The ModRM byte, or -1. */
    public int modrm() {
        return modrmOffset < 0 ? -1 : byteAt(modrmOffset);
    }

    /**
     * True when execution continues with the next instruction in memory on at least one path (false for
     * ret, jmp, ud2, hlt and int3 padding).
     */
    public boolean fallsThrough() {
        switch (kind) {
            case RET: case JMP_DIRECT: case JMP_INDIRECT: case UD2: case HLT: case INT3: case INVALID:
                return false;
            default:
                return true;
        }
    }

    /** True for instructions that do nothing: {@code nop}, {@code xchg ax,ax}, the multi-byte {@code nopw/nopl}. */
    public boolean isNop() {
        if (encoding != Encoding.LEGACY || hasPrefix(Prefixes.LOCK)) {
            return false;
        }
        if (opcodeMap == 0 && opcode == 0x90) {
            // 41 90 is xchg eax,r8d and f3 90 is pause: neither is a nop.
            return (rex & 1) == 0 && !hasPrefix(Prefixes.REP) && !hasPrefix(Prefixes.REPNE);
        }
        return opcodeMap == 1 && opcode == 0x1f && ((modrm() >> 3) & 7) == 0;
    }

    /** A rough mnemonic for messages and debugging (not a disassembler): "ret", "call", "jcc", "nop", "other"... */
    public String mnemonicHint() {
        if (isNop()) {
            return "nop";
        }
        switch (kind) {
            case CALL_DIRECT: case CALL_INDIRECT: return "call";
            case JMP_DIRECT: case JMP_INDIRECT: return "jmp";
            default: return kind.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The disp32 the RIP-relative operand needs so that it still refers to {@link #ripTarget()} when this
     * instruction runs at {@code newAddress}.
     *
     * @throws RelocationException when the instruction is not RIP-relative or the displacement does not fit
     */
    public long relocatedDisplacement(long newAddress) {
        if (!ripRelative) {
            throw new RelocationException(describe() + " has no RIP-relative operand");
        }
        return fit(ripTarget().getAsLong() - (newAddress + length), 4, "RIP-relative operand");
    }

    /**
     * This instruction's bytes re-encoded to run at {@code newAddress}: the RIP-relative disp32 and the relative
     * field of a call/jmp/jcc are adjusted so they reach the same absolute addresses. Other bytes are unchanged.
     *
     * @throws RelocationException when a displacement does not fit its field at the new address, or the
     *                             instruction uses 32-bit address arithmetic (67 prefix) with RIP
     */
    public byte[] relocatedTo(long newAddress) {
        byte[] out = bytes.clone();
        if (ripRelative) {
            if (hasPrefix(Prefixes.ADDRESS_SIZE)) {
                throw new RelocationException(describe() + " uses 32-bit EIP-relative addressing");
            }
            write(out, displacementOffset, 4, relocatedDisplacement(newAddress));
        }
        if (relativeSize == 2) {
            throw new RelocationException(describe() + " is a 16-bit branch (66 prefix) whose target is truncated");
        }
        if (relativeSize > 0) {
            long rel = branchTarget.getAsLong() - (newAddress + length);
            write(out, relativeOffset, relativeSize, fit(rel, relativeSize, "branch target"));
        }
        return out;
    }

    /** Like {@link #relocatedTo(long)}, checking that {@code original} are the bytes this was decoded from. */
    public byte[] relocatedTo(long newAddress, byte[] original) {
        if (!Arrays.equals(original, bytes)) {
            throw new IllegalArgumentException("bytes differ from the decoded instruction " + describe());
        }
        return relocatedTo(newAddress);
    }

    private long fit(long value, int size, String what) {
        long min = -(1L << (size * 8 - 1));
        long max = (1L << (size * 8 - 1)) - 1;
        if (value < min || value > max) {
            throw new RelocationException(describe() + ": " + what + " is 0x" + Long.toHexString(value)
                    + " bytes away at the new address, more than a " + size * 8 + "-bit field reaches");
        }
        return value;
    }

    private long readSigned(int offset, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = v << 8 | (bytes[offset + i] & 0xff);
        }
        int shift = 64 - size * 8;
        return v << shift >> shift;
    }

    private static void write(byte[] out, int offset, int size, long value) {
        for (int i = 0; i < size; i++) {
            out[offset + i] = (byte) (value >> (8 * i));
        }
    }

    private String describe() {
        return kind + " instruction at 0x" + Long.toHexString(address);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Instruction i && i.address == address && Arrays.equals(i.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(address) * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("0x").append(Long.toHexString(address)).append(':');
        for (byte b : bytes) {
            sb.append(' ').append(String.format("%02x", b & 0xff));
        }
        sb.append(" (").append(kind);
        branchTarget.ifPresent(t -> sb.append(" -> 0x").append(Long.toHexString(t)));
        return sb.append(')').toString();
    }
}
