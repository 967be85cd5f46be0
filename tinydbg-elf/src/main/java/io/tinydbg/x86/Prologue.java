package io.tinydbg.x86;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The usual first instructions of a function, recognised so the engine can emulate them instead of
 * single-stepping (the kernel's uprobes emulate only {@code push rbp}): {@code endbr64}, {@code push rbp},
 * {@code mov rbp,rsp}, {@code sub/add rsp,imm}, NOP padding, and Go's stack-growth check.
 *
 * @param entry         the function's entry address
 * @param goStackCheck  Go's stack check when the function starts with one
 * @param steps         the recognised instructions, in order, after the stack check if any
 */
public record Prologue(long entry, Optional<GoStackCheck> goStackCheck, List<Step> steps) {

    /** What a recognised prologue instruction does. */
    public enum Action { ENDBR64, PUSH_RBP, MOV_RBP_RSP, SUB_RSP_IMM, ADD_RSP_IMM, NOP, OTHER }

    /**
     * One recognised instruction.
     *
     * @param immediate the stack adjustment for SUB_RSP_IMM / ADD_RSP_IMM (sign-extended), else 0
     */
    public record Step(Instruction instruction, Action action, long immediate) {
    }

    /** How many leading instructions {@link #of} looks at. */
    public static final int MAX_STEPS = 8;

    public Prologue {
        steps = List.copyOf(steps);
    }

    /**
     * The prologue of the function whose code is {@code code[offset, offset+length)} at runtime address
     * {@code address} (= the entry). Undecodable bytes simply end the prologue.
     */
    public static Prologue of(ByteBuffer code, int offset, int length, long address) {
        Optional<GoStackCheck> check = GoStackCheck.match(code, offset, length, address);
        long pc = check.map(GoStackCheck::afterCheck).orElse(address);
        List<Step> steps = new ArrayList<>();
        int end = offset + length;
        while (steps.size() < MAX_STEPS && pc < address + length) {
            int at = (int) (offset + (pc - address));
            Instruction insn;
            try {
                insn = X86Decoder.decode(code, at, end, pc);
            } catch (DecodeException e) {
                break;
            }
            Action action = classify(insn);
            if (action == Action.OTHER) {
                break;
            }
            steps.add(new Step(insn, action, stackAdjustment(insn)));
            pc = insn.end();
        }
        return new Prologue(address, check, steps);
    }

    /** The first address after the stack check and the recognised steps. */
    public long end() {
        if (!steps.isEmpty()) {
            return steps.get(steps.size() - 1).instruction().end();
        }
        return goStackCheck.map(GoStackCheck::afterCheck).orElse(entry);
    }

    /** Classifies one instruction; {@link Action#OTHER} when it is none of the recognised forms. */
    public static Action classify(Instruction i) {
        if (i.kind() == Kind.INVALID) {
            return Action.OTHER;
        }
        if (i.kind() == Kind.ENDBR64) {
            return Action.ENDBR64;
        }
        if (i.isNop()) {
            return Action.NOP;
        }
        if (i.encoding() != Instruction.Encoding.LEGACY || i.opcodeMap() != 0 || i.prefixes() != 0) {
            return Action.OTHER;
        }
        if (i.opcode() == 0x55 && (i.rex() & 1) == 0) {
            return Action.PUSH_RBP;
        }
        if (!Registers.rexW(i) || i.modrmOffset() < 0 || Registers.mod(i) != 3) {
            return Action.OTHER;
        }
        int reg = Registers.reg(i);
        int rm = Registers.rm(i);
        if (i.opcode() == 0x89 && reg == Registers.RSP && rm == Registers.RBP
                || i.opcode() == 0x8b && reg == Registers.RBP && rm == Registers.RSP) {
            return Action.MOV_RBP_RSP;
        }
        if ((i.opcode() == 0x83 || i.opcode() == 0x81) && rm == Registers.RSP) {
            if ((reg & 7) == 5) {
                return Action.SUB_RSP_IMM;
            }
            if ((reg & 7) == 0) {
                return Action.ADD_RSP_IMM;
            }
        }
        return Action.OTHER;
    }

    /** The sign-extended immediate of {@code sub/add rsp, imm}, 0 for other instructions. */
    public static long stackAdjustment(Instruction i) {
        Action a = classify(i);
        return a == Action.SUB_RSP_IMM || a == Action.ADD_RSP_IMM ? Registers.immediate(i) : 0;
    }
}
