package io.tinydbg.x86;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Go's stack-growth check at a function's entry, which the Go linker places before the frame setup and which
 * Delve skips when it computes the address after the prologue. The forms the Go compiler emits on amd64:
 * <pre>
 *   cmp rsp, [r14+0x10]                       ; small frames (register ABI, g in r14)
 *   lea r12, [rsp-N]; cmp r12, [r14+0x10]     ; frames over the small-stack limit
 *   mov r12, rsp; sub r12, N; jb L; cmp r12, [r14+0x10]   ; huge frames (overflow checked first)
 *   mov rcx, fs:[-8]; cmp rsp, [rcx+0x10]     ; before the register ABI (g loaded from TLS)
 * followed by jbe L (or jb L), where L spills the argument registers, calls runtime.morestack* and jumps back.
 * </pre>
 * An optional leading {@code mov r14, fs:[-8]} (assembly functions that load g themselves) is part of the check.
 *
 * @param entry              the function's entry address
 * @param instructions       every instruction of the check, in order, ending with the conditional jump
 * @param compare            the {@code cmp REG, [G+off]} instruction
 * @param jump               the final conditional jump to the slow path
 * @param slowPath           the jump's target
 * @param comparedRegister   register compared with the stack guard (4 = rsp, 12 = r12)
 * @param guardBase          register holding g (14 = r14, 1 = rcx)
 * @param guardOffset        offset of the guard in g: 0x10 (stackguard0), or 0x18 (stackguard1, cgo callbacks)
 * @param frameOffset        what is added to rsp before the comparison (-N for the lea/sub forms, else 0)
 * @param belowOrEqual       true for {@code jbe} (taken when the value is at or below the guard), false for jb
 * @param morestackCall      target of the first direct call at the slow path (runtime.morestack*), if found
 */
public record GoStackCheck(long entry, List<Instruction> instructions, Instruction compare, Instruction jump,
        long slowPath, int comparedRegister, int guardBase, int guardOffset, long frameOffset, boolean belowOrEqual,
        OptionalLong morestackCall) {

    public GoStackCheck {
        instructions = List.copyOf(instructions);
    }

    /** The first address after the check: Go's "after prologue" position. */
    public long afterCheck() {
        return jump.end();
    }

    /**
     * Emulates the check: true when a thread at the entry with stack pointer {@code rsp} and a g whose
     * stackguard0 is {@code stackGuard} would branch to {@link #slowPath()}.
     */
    public boolean takesSlowPath(long rsp, long stackGuard) {
        if (frameOffset < 0 && Long.compareUnsigned(rsp, -frameOffset) < 0) {
            return true; // the sub form's jb: the frame would wrap below address 0
        }
        int c = Long.compareUnsigned(rsp + frameOffset, stackGuard);
        return belowOrEqual ? c <= 0 : c < 0;
    }

    /** Matches the check at the entry of the function in {@code code[offset, offset+length)} at {@code address}. */
    public static Optional<GoStackCheck> match(ByteBuffer code, int offset, int length, long address) {
        return new Matcher(code, offset, length, address).match();
    }

    /** Matches the check at the start of {@code function} (position 0 at {@code entry}). */
    public static Optional<GoStackCheck> match(ByteBuffer function, long entry) {
        return match(function, 0, function.limit(), entry);
    }

    /** Walks the few instructions of the check; any surprise means "no check". */
    private static final class Matcher {
        private final ByteBuffer code;
        private final int offset;
        private final int length;
        private final long address;
        private final List<Instruction> seen = new ArrayList<>();
        private long pc;

        Matcher(ByteBuffer code, int offset, int length, long address) {
            this.code = code;
            this.offset = offset;
            this.length = length;
            this.address = address;
            this.pc = address;
        }

        Optional<GoStackCheck> match() {
            try {
                return Optional.ofNullable(walk());
            } catch (DecodeException e) {
                return Optional.empty();
            }
        }

        private GoStackCheck walk() {
            Instruction i = next();
            int gFromTls = -1;
            if (isTlsLoadOfG(i)) {
                gFromTls = Registers.reg(i);
                i = next();
            }
            long frameOffset = 0;
            int compared = Registers.RSP;
            if (isLeaR12Rsp(i)) {
                frameOffset = Registers.displacement(i);
                compared = Registers.R12;
                i = next();
            } else if (isMovR12Rsp(i)) {
                Instruction sub = next();
                if (!isSubR12Imm(sub)) {
                    return null;
                }
                frameOffset = -Registers.immediate(sub);
                Instruction overflow = next();
                if (overflow.kind() != Kind.JCC || !isJb(overflow)) {
                    return null;
                }
                compared = Registers.R12;
                i = next();
            }
            if (!isGuardCompare(i, compared)) {
                return null;
            }
            int guardBase = Registers.rm(i);
            if (guardBase != Registers.R14 && guardBase != gFromTls) {
                return null;
            }
            Instruction compare = i;
            Instruction jump = next();
            if (jump.kind() != Kind.JCC || !(isJbe(jump) || isJb(jump))) {
                return null;
            }
            long slowPath = jump.branchTarget().getAsLong();
            return new GoStackCheck(address, seen, compare, jump, slowPath, compared, guardBase,
                    (int) Registers.displacement(compare), frameOffset, isJbe(jump), morestackCall(slowPath));
        }

        private Instruction next() {
            long rel = pc - address;
            if (rel >= length) {
                throw new DecodeException(X86Decoder.SOURCE, null, offset + rel, pc, "end of function");
            }
            Instruction i = X86Decoder.decode(code, (int) (offset + rel), offset + length, pc);
            seen.add(i);
            pc = i.end();
            return i;
        }

        /** The first direct call within a few instructions of the slow path (after the argument spills). */
        private OptionalLong morestackCall(long slowPath) {
            long at = slowPath;
            for (int n = 0; n < 24 && at >= address && at < address + length; n++) {
                Instruction i;
                try {
                    i = X86Decoder.decode(code, (int) (offset + at - address), offset + length, at);
                } catch (DecodeException e) {
                    break;
                }
                if (i.kind() == Kind.CALL_DIRECT) {
                    return i.branchTarget();
                }
                if (!i.fallsThrough()) {
                    break;
                }
                at = i.end();
            }
            return OptionalLong.empty();
        }
    }

    private static boolean legacy(Instruction i, int opcode) {
        return i.encoding() == Instruction.Encoding.LEGACY && i.opcodeMap() == 0 && i.opcode() == opcode
                && Registers.rexW(i);
    }

    /** {@code mov REG, fs:[-8]}: 64 REX.W 8b /r with SIB disp32 and no base or index. */
    private static boolean isTlsLoadOfG(Instruction i) {
        return legacy(i, 0x8b) && i.hasPrefix(Instruction.Prefixes.FS) && Registers.mod(i) == 0
                && (i.modrm() & 7) == 4 && (Registers.sib(i) & 7) == 5 && Registers.sibHasNoIndex(i)
                && Registers.signed(i, i.modrmOffset() + 2, 4) == -8;
    }

    /** {@code lea r12, [rsp+disp]}. */
    private static boolean isLeaR12Rsp(Instruction i) {
        return legacy(i, 0x8d) && Registers.reg(i) == Registers.R12 && Registers.mod(i) != 3
                && Registers.sib(i) >= 0 && Registers.sibBase(i) == Registers.RSP && Registers.sibHasNoIndex(i);
    }

    /** {@code mov r12, rsp} (either direction of the mov encoding). */
    private static boolean isMovR12Rsp(Instruction i) {
        return (legacy(i, 0x89) && Registers.mod(i) == 3 && Registers.reg(i) == Registers.RSP
                && Registers.rm(i) == Registers.R12)
                || (legacy(i, 0x8b) && Registers.mod(i) == 3 && Registers.reg(i) == Registers.R12
                && Registers.rm(i) == Registers.RSP);
    }

    /** {@code sub r12, imm}. */
    private static boolean isSubR12Imm(Instruction i) {
        return (legacy(i, 0x81) || legacy(i, 0x83)) && Registers.mod(i) == 3 && (Registers.reg(i) & 7) == 5
                && Registers.rm(i) == Registers.R12;
    }

    /** {@code cmp REG, [G+disp8]} with no SIB. */
    private static boolean isGuardCompare(Instruction i, int compared) {
        return legacy(i, 0x3b) && Registers.reg(i) == compared && Registers.mod(i) == 1 && (i.modrm() & 7) != 4;
    }

    private static int condition(Instruction i) {
        return i.opcodeMap() == 0 ? i.opcode() - 0x70 : i.opcode() - 0x80;
    }

    private static boolean isJbe(Instruction i) {
        return (i.opcodeMap() == 0 && i.opcode() >= 0x70 && i.opcode() <= 0x7f || i.opcodeMap() == 1)
                && condition(i) == 6;
    }

    private static boolean isJb(Instruction i) {
        return (i.opcodeMap() == 0 && i.opcode() >= 0x70 && i.opcode() <= 0x7f || i.opcodeMap() == 1)
                && condition(i) == 2;
    }
}
