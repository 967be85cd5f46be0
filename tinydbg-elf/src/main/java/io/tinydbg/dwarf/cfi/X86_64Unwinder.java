package io.tinydbg.dwarf.cfi;

import io.tinydbg.TinydbgException;
import io.tinydbg.dwarf.expr.EvaluationContext;
import io.tinydbg.dwarf.expr.EvaluationException;
import io.tinydbg.dwarf.expr.Expression;
import io.tinydbg.dwarf.expr.ExpressionEvaluator;
import io.tinydbg.dwarf.expr.X86_64Registers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One step of x86-64 stack unwinding: from a frame's registers to its caller's pc, stack pointer and callee-saved
 * registers, by the CFI row at the pc, or by the rbp chain ({@code push rbp; mov rbp, rsp}) when no CFI covers it.
 */
public final class X86_64Unwinder {
    /** Registers the System V ABI says a callee preserves; an unmentioned one keeps its value in the caller. */
    private static final int[] CALLEE_SAVED = {X86_64Registers.RBX, X86_64Registers.RBP, X86_64Registers.R12,
        X86_64Registers.R13, X86_64Registers.R14, X86_64Registers.R15};

    private X86_64Unwinder() {
    }

    /**
     * The caller of the frame whose registers are {@code registers}, looking CFI up at {@code lookupPc} (the rip of
     * the innermost frame, or {@link UnwoundFrame#lookupPc()} of an unwound one). Empty at the end of the stack:
     * undefined return address, a zero return address, or no CFI and no usable frame pointer.
     *
     * @throws TinydbgException when memory the rules need is unreadable or a rule is malformed
     */
    public static Optional<UnwoundFrame> step(FrameRules table, long lookupPc, RegisterSet registers,
            MemoryReader memory) {
        Optional<CfaRow> row = table.rowAt(lookupPc);
        if (row.isEmpty()) {
            return framePointerStep(registers, memory);
        }
        return cfiStep(row.get(), lookupPc, registers, memory);
    }

    /**
     * Unwinds from the innermost frame ({@code registers} must hold rip and rsp) for at most {@code maxFrames}
     * frames and returns the callers, nearest first. Stops at the end of the stack, at the first unreadable frame,
     * or when the stack pointer stops growing (a corrupt chain).
     */
    public static List<UnwoundFrame> unwind(FrameRules table, RegisterSet registers, MemoryReader memory,
            int maxFrames) {
        List<UnwoundFrame> frames = new ArrayList<>();
        OptionalLong rip = registers.get(X86_64Registers.RIP);
        if (rip.isEmpty()) {
            return frames;
        }
        long lookup = rip.getAsLong();
        RegisterSet current = registers;
        long lastSp = registers.get(X86_64Registers.RSP).orElse(0);
        while (frames.size() < maxFrames) {
            Optional<UnwoundFrame> next;
            try {
                next = step(table, lookup, current, memory);
            } catch (TinydbgException unreadable) {
                break;
            }
            if (next.isEmpty()) {
                break;
            }
            UnwoundFrame f = next.get();
            if (Long.compareUnsigned(f.cfa(), lastSp) <= 0 && !frames.isEmpty()) {
                break;
            }
            frames.add(f);
            lastSp = f.cfa();
            current = f;
            lookup = f.lookupPc();
        }
        return frames;
    }

    private static Optional<UnwoundFrame> cfiStep(CfaRow row, long pc, RegisterSet registers, MemoryReader memory) {
        Context ctx = new Context(registers, memory, pc);
        long cfa;
        if (row.cfa() instanceof CfaRule.RegisterOffset ro) {
            cfa = require(registers, ro.register()) + ro.offset();
        } else {
            cfa = ExpressionEvaluator.value(((CfaRule.ByExpression) row.cfa()).expression(), ctx);
        }
        ctx.cfa = cfa;
        Map<Integer, Long> caller = new HashMap<>();
        for (int r : CALLEE_SAVED) {
            registers.get(r).ifPresent(v -> caller.put(r, v));
        }
        for (Map.Entry<Integer, RegisterRule> e : row.registers().entrySet()) {
            int r = e.getKey();
            OptionalLong v = recover(e.getValue(), r, cfa, registers, memory, ctx);
            if (v.isPresent()) {
                caller.put(r, v.getAsLong());
            } else {
                caller.remove(r);
            }
        }
        Long ra = caller.remove(row.returnAddressRegister());
        if (ra == null || ra == 0) {
            return Optional.empty(); // undefined return address: the outermost frame (_start, clone)
        }
        caller.put(X86_64Registers.RSP, cfa);
        caller.put(X86_64Registers.RIP, ra);
        return Optional.of(new UnwoundFrame(ra, cfa, caller, false, row.signalFrame()));
    }

    private static OptionalLong recover(RegisterRule rule, int register, long cfa, RegisterSet registers,
            MemoryReader memory, Context ctx) {
        if (rule instanceof RegisterRule.Undefined) {
            return OptionalLong.empty();
        }
        if (rule instanceof RegisterRule.SameValue) {
            return registers.get(register);
        }
        if (rule instanceof RegisterRule.Offset o) {
            return OptionalLong.of(memory.readLong(cfa + o.offset()));
        }
        if (rule instanceof RegisterRule.ValOffset o) {
            return OptionalLong.of(cfa + o.offset());
        }
        if (rule instanceof RegisterRule.Register r) {
            return registers.get(r.register());
        }
        if (rule instanceof RegisterRule.AtExpression x) {
            return OptionalLong.of(memory.readLong(ExpressionEvaluator.value(x.expression(), ctx, cfa)));
        }
        Expression x = ((RegisterRule.ValExpression) rule).expression();
        return OptionalLong.of(ExpressionEvaluator.value(x, ctx, cfa));
    }

    private static Optional<UnwoundFrame> framePointerStep(RegisterSet registers, MemoryReader memory) {
        OptionalLong rbp = registers.get(X86_64Registers.RBP);
        OptionalLong rsp = registers.get(X86_64Registers.RSP);
        if (rbp.isEmpty() || rbp.getAsLong() == 0
                || (rsp.isPresent() && Long.compareUnsigned(rbp.getAsLong(), rsp.getAsLong()) < 0)) {
            return Optional.empty();
        }
        long fp = rbp.getAsLong();
        long ra = memory.readLong(fp + 8);
        if (ra == 0) {
            return Optional.empty();
        }
        Map<Integer, Long> caller = new HashMap<>();
        for (int r : CALLEE_SAVED) {
            registers.get(r).ifPresent(v -> caller.put(r, v));
        }
        caller.put(X86_64Registers.RBP, memory.readLong(fp));
        caller.put(X86_64Registers.RSP, fp + 16);
        caller.put(X86_64Registers.RIP, ra);
        return Optional.of(new UnwoundFrame(ra, fp + 16, caller, true, false));
    }

    private static long require(RegisterSet registers, int register) {
        OptionalLong v = registers.get(register);
        if (v.isEmpty()) {
            throw new EvaluationException("register " + X86_64Registers.name(register) + " (" + register
                    + ") is unknown in this frame");
        }
        return v.getAsLong();
    }

    /** Lets CFI expressions read the current frame's registers and memory. */
    private static final class Context implements EvaluationContext {
        private final RegisterSet registers;
        private final MemoryReader memory;
        private final long pc;
        long cfa;

        Context(RegisterSet registers, MemoryReader memory, long pc) {
            this.registers = registers;
            this.memory = memory;
            this.pc = pc;
        }

        @Override
        public long register(int dwarfRegister) {
            return require(registers, dwarfRegister);
        }

        @Override
        public byte[] readMemory(long address, int length) {
            byte[] out = new byte[length];
            for (int i = 0; i < length; i += 8) {
                long word = memory.readLong(address + i);
                for (int k = 0; k < 8 && i + k < length; k++) {
                    out[i + k] = (byte) (word >>> (8 * k));
                }
            }
            return out;
        }

        @Override
        public long frameBase() {
            throw new EvaluationException("DW_OP_fbreg is not valid in call frame information");
        }

        @Override
        public long cfa() {
            return cfa;
        }

        @Override
        public long pc() {
            return pc;
        }
    }
}
