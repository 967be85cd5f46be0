package io.tinydbg.dwarf.expr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Evaluates DWARF expressions (DWARF 5 section 2.5 and 2.6) over an {@link EvaluationContext}.
 *
 * <p>Values are 64-bit two's complement integers ("generic type"); typed operations (const_type, regval_type,
 * deref_type, convert, reinterpret) keep the raw bits, since base types live in DIEs this evaluator does not read.
 * Division is signed, modulo unsigned, comparisons signed, as the spec says for the generic type. Memory is read
 * little-endian. Branches are bounded by a step budget and the stack by a depth limit, so hostile input ends in an
 * {@link EvaluationException} rather than a hang or an OutOfMemoryError.
 */
public final class ExpressionEvaluator {
    /** Operations one evaluation may execute before it is considered a runaway loop. */
    public static final int STEP_LIMIT = 100_000;
    /** Deepest stack an evaluation may build. */
    public static final int STACK_LIMIT = 4096;

    private ExpressionEvaluator() {
    }

    /** Where the object that {@code e} describes lives. */
    public static Location location(Expression e, EvaluationContext c) {
        return location(e, c, new long[0]);
    }

    /** As {@link #location(Expression, EvaluationContext)}, with {@code initialStack} pushed first (bottom first). */
    public static Location location(Expression e, EvaluationContext c, long... initialStack) {
        return new Machine(e, c, initialStack).run();
    }

    /**
     * The value {@code e} computes: the top of the stack, the contents of the register it names (so a frame base of
     * {@code DW_OP_reg6} gives rbp's value), or the bytes of an implicit value.
     */
    public static long value(Expression e, EvaluationContext c) {
        return value(e, c, new long[0]);
    }

    /** As {@link #value(Expression, EvaluationContext)}, with {@code initialStack} pushed first (the CFA for CFI). */
    public static long value(Expression e, EvaluationContext c, long... initialStack) {
        Location l = location(e, c, initialStack);
        if (l instanceof Location.InMemory m) {
            return m.address();
        }
        if (l instanceof Location.InRegister r) {
            return c.register(r.dwarfRegister());
        }
        if (l instanceof Location.ImplicitValue v) {
            return littleEndian(v.bytes(), 8);
        }
        throw new EvaluationException("expression has no single value: " + l);
    }

    static long littleEndian(byte[] b, int max) {
        long v = 0;
        for (int i = Math.min(b.length, max) - 1; i >= 0; i--) {
            v = v << 8 | (b[i] & 0xff);
        }
        return v;
    }

    /** The state of one evaluation. */
    private static final class Machine {
        private final List<Operation> ops;
        private final int[] offsets;
        private final int length;
        private final EvaluationContext ctx;
        private long[] stack = new long[16];
        private int sp;
        private Location pending;
        private final List<Location.Piece> pieces = new ArrayList<>();

        Machine(Expression expr, EvaluationContext ctx, long[] initial) {
            this.ops = expr.operations();
            this.offsets = ops.stream().mapToInt(Operation::offset).toArray();
            this.length = expr.length();
            this.ctx = ctx;
            for (long v : initial) {
                push(v);
            }
        }

        Location run() {
            int i = 0;
            int steps = 0;
            while (i < ops.size()) {
                if (++steps > STEP_LIMIT) {
                    throw new EvaluationException("expression ran more than " + STEP_LIMIT + " steps");
                }
                Operation op = ops.get(i);
                int code = op.opcode();
                if (pending != null && code != DwOp.PIECE && code != DwOp.BIT_PIECE) {
                    throw new EvaluationException(op.name() + " at offset " + op.offset()
                            + " follows a complete location " + pending);
                }
                if (code == DwOp.BRA || code == DwOp.SKIP) {
                    if (code == DwOp.SKIP || pop() != 0) {
                        i = indexAt(op.offset() + 3 + (int) op.operand(0), op);
                        continue;
                    }
                } else {
                    execute(op);
                }
                i++;
            }
            if (!pieces.isEmpty()) {
                if (pending != null || sp > 0) {
                    throw new EvaluationException("expression continues after its last piece");
                }
                return new Location.Composite(pieces);
            }
            if (pending != null) {
                return pending;
            }
            if (ops.isEmpty()) {
                return new Location.OptimizedOut();
            }
            return new Location.InMemory(peek(0));
        }

        private int indexAt(int target, Operation from) {
            if (target == length) {
                return ops.size();
            }
            int i = Arrays.binarySearch(offsets, target); // operations are in offset order
            if (i < 0) {
                throw new EvaluationException(from.name() + " at offset " + from.offset() + " jumps to " + target
                        + ", which is not the start of an operation");
            }
            return i;
        }

        private void execute(Operation op) {
            int code = op.opcode();
            if (code >= DwOp.LIT0 && code <= DwOp.LIT31) {
                push(code - DwOp.LIT0);
                return;
            }
            if (code >= DwOp.REG0 && code <= DwOp.REG31) {
                pending = new Location.InRegister(code - DwOp.REG0);
                return;
            }
            if (code >= DwOp.BREG0 && code <= DwOp.BREG31) {
                push(ctx.register(code - DwOp.BREG0) + op.operand(0));
                return;
            }
            long a;
            long b;
            switch (code) {
                case DwOp.ADDR, DwOp.CONST1U, DwOp.CONST1S, DwOp.CONST2U, DwOp.CONST2S, DwOp.CONST4U, DwOp.CONST4S,
                        DwOp.CONST8U, DwOp.CONST8S, DwOp.CONSTU, DwOp.CONSTS -> push(op.operand(0));
                case DwOp.GNU_ENCODED_ADDR -> push(op.operand(1));
                case DwOp.ADDRX, DwOp.CONSTX, DwOp.GNU_ADDR_INDEX, DwOp.GNU_CONST_INDEX ->
                        push(ctx.debugAddr(op.operand(0)));
                case DwOp.DUP -> push(peek(0));
                case DwOp.DROP -> pop();
                case DwOp.OVER -> push(peek(1));
                case DwOp.PICK -> push(peek((int) op.operand(0)));
                case DwOp.SWAP -> {
                    a = pop();
                    b = pop();
                    push(a);
                    push(b);
                }
                case DwOp.ROT -> {
                    long top = pop();
                    long second = pop();
                    long third = pop();
                    push(top);
                    push(third);
                    push(second);
                }
                case DwOp.DEREF -> push(read(pop(), 8));
                case DwOp.DEREF_SIZE -> push(read(pop(), size(op, 0)));
                case DwOp.DEREF_TYPE, DwOp.GNU_DEREF_TYPE -> push(read(pop(), size(op, 0)));
                case DwOp.XDEREF -> {
                    a = pop();
                    pop(); // address space identifier: one flat space on Linux
                    push(read(a, 8));
                }
                case DwOp.XDEREF_SIZE, DwOp.XDEREF_TYPE -> {
                    a = pop();
                    pop();
                    push(read(a, size(op, 0)));
                }
                case DwOp.ABS -> push(Math.abs(pop()));
                case DwOp.NEG -> push(-pop());
                case DwOp.NOT -> push(~pop());
                case DwOp.AND -> push(pop() & pop());
                case DwOp.OR -> push(pop() | pop());
                case DwOp.XOR -> push(pop() ^ pop());
                case DwOp.PLUS -> push(pop() + pop());
                case DwOp.MUL -> push(pop() * pop());
                case DwOp.PLUS_UCONST -> push(pop() + op.operand(0));
                case DwOp.MINUS -> {
                    b = pop();
                    push(pop() - b);
                }
                case DwOp.DIV -> {
                    b = pop();
                    a = pop();
                    if (b == 0) {
                        throw new EvaluationException("DW_OP_div by zero at offset " + op.offset());
                    }
                    push(a / b);
                }
                case DwOp.MOD -> {
                    b = pop();
                    a = pop();
                    if (b == 0) {
                        throw new EvaluationException("DW_OP_mod by zero at offset " + op.offset());
                    }
                    push(Long.remainderUnsigned(a, b));
                }
                case DwOp.SHL -> {
                    b = pop();
                    a = pop();
                    push(Long.compareUnsigned(b, 64) >= 0 ? 0 : a << b);
                }
                case DwOp.SHR -> {
                    b = pop();
                    a = pop();
                    push(Long.compareUnsigned(b, 64) >= 0 ? 0 : a >>> b);
                }
                case DwOp.SHRA -> {
                    b = pop();
                    a = pop();
                    push(Long.compareUnsigned(b, 64) >= 0 ? (a < 0 ? -1 : 0) : a >> b);
                }
                case DwOp.EQ, DwOp.NE, DwOp.LT, DwOp.LE, DwOp.GT, DwOp.GE -> {
                    b = pop();
                    a = pop();
                    push(compare(code, Long.compare(a, b)) ? 1 : 0);
                }
                case DwOp.REGX -> pending = new Location.InRegister(register(op.operand(0)));
                case DwOp.FBREG -> push(ctx.frameBase() + op.operand(0));
                case DwOp.BREGX -> push(ctx.register(register(op.operand(0))) + op.operand(1));
                case DwOp.REGVAL_TYPE, DwOp.GNU_REGVAL_TYPE -> push(ctx.register(register(op.operand(0))));
                case DwOp.CONST_TYPE, DwOp.GNU_CONST_TYPE -> push(littleEndian(op.blockView(), 8));
                case DwOp.CONVERT, DwOp.GNU_CONVERT, DwOp.REINTERPRET, DwOp.GNU_REINTERPRET -> peek(0);
                case DwOp.NOP, DwOp.GNU_UNINIT -> {
                }
                case DwOp.PUSH_OBJECT_ADDRESS -> push(ctx.objectAddress());
                case DwOp.FORM_TLS_ADDRESS, DwOp.GNU_PUSH_TLS_ADDRESS -> push(ctx.tlsAddress(pop()));
                case DwOp.CALL_FRAME_CFA -> push(ctx.cfa());
                case DwOp.ENTRY_VALUE, DwOp.GNU_ENTRY_VALUE -> push(ctx.entryValue(op.block()));
                case DwOp.IMPLICIT_VALUE -> pending = new Location.ImplicitValue(op.blockView());
                case DwOp.STACK_VALUE -> pending = new Location.ImplicitValue(bytes(pop()));
                case DwOp.IMPLICIT_POINTER, DwOp.GNU_IMPLICIT_POINTER ->
                        pending = new Location.ImplicitPointer(op.operand(0), op.operand(1));
                case DwOp.PIECE -> piece(op.operand(0) * 8, 0, op);
                case DwOp.BIT_PIECE -> piece(op.operand(0), op.operand(1), op);
                default -> throw new EvaluationException(op.name() + " at offset " + op.offset()
                        + " is not supported by the evaluator");
            }
        }

        private void piece(long bits, long bitOffset, Operation op) {
            if (bits < 0) {
                throw new EvaluationException(op.name() + " size too large at offset " + op.offset());
            }
            Location l;
            if (pending != null) {
                l = pending;
            } else if (sp > 0) {
                l = new Location.InMemory(pop());
            } else {
                l = new Location.OptimizedOut();
            }
            pieces.add(new Location.Piece(l, bits, bitOffset));
            pending = null;
            sp = 0; // each piece is described independently of the previous ones
        }

        private static boolean compare(int code, int cmp) {
            return switch (code) {
                case DwOp.EQ -> cmp == 0;
                case DwOp.NE -> cmp != 0;
                case DwOp.LT -> cmp < 0;
                case DwOp.LE -> cmp <= 0;
                case DwOp.GT -> cmp > 0;
                default -> cmp >= 0;
            };
        }

        private static int register(long n) {
            if (n < 0 || n > 0xffff) {
                throw new EvaluationException("register number " + Long.toUnsignedString(n) + " is out of range");
            }
            return (int) n;
        }

        private static int size(Operation op, int operand) {
            long s = op.operand(operand);
            if (s < 1 || s > 8) {
                throw new EvaluationException(op.name() + " of " + s + " bytes at offset " + op.offset()
                        + " is not supported");
            }
            return (int) s;
        }

        private long read(long address, int size) {
            byte[] b = ctx.readMemory(address, size);
            if (b == null || b.length < size) {
                throw new EvaluationException("cannot read " + size + " bytes at 0x" + Long.toHexString(address));
            }
            return littleEndian(b, size);
        }

        private static byte[] bytes(long v) {
            byte[] b = new byte[8];
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (v >>> (8 * i));
            }
            return b;
        }

        private void push(long v) {
            if (sp == stack.length) {
                if (sp >= STACK_LIMIT) {
                    throw new EvaluationException("expression stack deeper than " + STACK_LIMIT);
                }
                stack = Arrays.copyOf(stack, sp * 2);
            }
            stack[sp++] = v;
        }

        private long pop() {
            if (sp == 0) {
                throw new EvaluationException("expression stack underflow");
            }
            return stack[--sp];
        }

        private long peek(int depth) {
            if (depth < 0 || depth >= sp) {
                throw new EvaluationException("expression stack underflow (needs " + (depth + 1) + " entries, has "
                        + sp + ")");
            }
            return stack[sp - 1 - depth];
        }
    }
}
