package io.tinydbg.session;

import io.tinydbg.TinydbgException;
import io.tinydbg.Variable;
import io.tinydbg.dwarf.DwarfFunction;
import io.tinydbg.dwarf.Parameter;
import io.tinydbg.dwarf.expr.Expression;
import io.tinydbg.dwarf.expr.ExpressionEvaluator;
import io.tinydbg.dwarf.expr.Location;
import io.tinydbg.dwarf.expr.Operation;
import io.tinydbg.dwarf.expr.X86_64Registers;
import io.tinydbg.dwarf.types.BaseType;
import io.tinydbg.dwarf.types.DwarfType;
import io.tinydbg.engine.EntryHit;

import io.tinydbg.engine.ReturnHit;
import io.tinydbg.engine.X86Registers;
import io.tinydbg.value.GoRuntime;
import io.tinydbg.value.LoadLimits;
import io.tinydbg.value.Value;
import io.tinydbg.value.ValueReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the arguments of a traced call at its entry and its results at its return.
 *
 * <p>At the entry the compiler's DWARF location is used when it already holds: a register or location-list entry
 * (optimized code), or a stack slot at or above the canonical frame address (arguments the caller pushed; Go's
 * stack arguments). A slot below it belongs to the callee's frame, which the prologue has not written yet (every
 * -O0 parameter), so the value comes from where the System V ABI passes it: the integer registers, the XMM
 * registers, or the caller's stack. Results come from rax:rdx / xmm0:xmm1 or the memory rax points to, by the DWARF
 * return type; Go results from their DWARF locations at the return instruction, else from Go's register ABI.
 */
public final class CallDecoder {
    private static final int[] C_INTEGER_REGS = {X86Registers.RDI, X86Registers.RSI, X86Registers.RDX,
        X86Registers.RCX, X86Registers.R8, X86Registers.R9};
    private static final int[] GO_INTEGER_REGS = {X86Registers.RAX, X86Registers.RBX, X86Registers.RCX,
        X86Registers.RDI, X86Registers.RSI, X86Registers.R8, X86Registers.R9, X86Registers.R10, X86Registers.R11};
    private static final int DW_ATE_FLOAT = 0x04;
    private static final int DW_ATE_COMPLEX_FLOAT = 0x03;

    private final DwarfFunction function;
    private final long bias;
    private final LoadLimits limits;
    private final boolean go;
    /** Where the ABI passes each parameter (the types do not change between calls, so this is computed once). */
    private final List<Placement> argumentPlan = new ArrayList<>();
    private final List<Placement> goResultPlan = new ArrayList<>();
    /**
     * Each parameter's parsed location expression, by file pc: a probe stops at the same few pcs again and again,
     * so the location list is searched and its expression parsed once per pc, not once per call.
     */
    private final Map<Long, Expression[]> expressionsAt = new ConcurrentHashMap<>();
    /** Marks "no location at this pc" in {@link #expressionsAt}. */
    private static final Expression NO_LOCATION = Expression.parse(new byte[0], 8, 4);
    /**
     * Marks a C parameter whose location at this pc is {@code DW_OP_fbreg -N} with the CFA as frame base: a slot in
     * the callee's own frame, which the prologue has not written at the entry (so the ABI's place is read).
     */
    private static final Expression CALLEE_FRAME = Expression.parse(new byte[0], 8, 4);
    private static final int DW_OP_FBREG = 0x91;
    private static final int DW_OP_CALL_FRAME_CFA = 0x9c;
    /** Type names of the parameters (in declaration order) and of C's return type, computed once. */
    private final String[] parameterTypeNames;
    private final String returnTypeName;
    /** Go: interface types and func names, from the binary's index. */
    private final GoRuntime runtime;

    /**
     * {@code function} may be null (no DWARF): calls then have no arguments or results. {@code go} is whether Go
     * compiled the function (its ABI and value formats apply); {@code runtime} answers Go's dynamic types.
     */
    public CallDecoder(DwarfFunction function, long bias, LoadLimits limits, boolean go, GoRuntime runtime) {
        this.runtime = go ? runtime : GoRuntime.NONE;
        this.function = function;
        this.parameterTypeNames = function == null ? new String[0]
                : function.parameters().stream().map(p -> ValueReader.typeName(p.type())).toArray(String[]::new);
        this.returnTypeName = function == null ? "" : function.returnType().map(ValueReader::typeName).orElse("");
        this.bias = bias;
        this.limits = limits;
        this.go = go;
        if (function != null) {
            RegisterCursor args = new RegisterCursor(go ? GO_INTEGER_REGS : C_INTEGER_REGS, go ? 15 : 8);
            if (!go && function.returnType().map(t -> AbiClass.of(t).memory()).orElse(false)) {
                args.nextInteger++; // the hidden pointer to the result takes rdi
            }
            RegisterCursor results = new RegisterCursor(GO_INTEGER_REGS, 15);
            for (Parameter p : function.parameters()) {
                if (p.isResult()) {
                    goResultPlan.add(results.place(p.type()));
                } else {
                    argumentPlan.add(args.place(p.type()));
                }
            }
        }
    }

    /**
     * True when a Go argument or result may hold an interface or a map (see {@link ValueReader#holdsGoDynamicType}):
     * what decoding it reads depends on the values, so a dry run on made-up memory cannot tell what to record.
     */
    public boolean readsDynamicTypes() {
        return go && function != null
                && function.parameters().stream().anyMatch(p -> ValueReader.holdsGoDynamicType(p.type()));
    }

    public List<Variable> arguments(EntryHit hit) {
        if (function == null) {
            return List.of();
        }
        HitRegisters regs = new HitRegisters(hit, bias);
        ValueReader reader = new ValueReader(hit::readMemory, limits, runtime);
        List<Variable> out = new ArrayList<>(argumentPlan.size());
        int next = 0;
        List<Parameter> params = function.parameters();
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            if (p.isResult()) {
                continue;
            }
            Placement abiPlace = argumentPlan.get(next++);
            Value v = fromDwarf(p, regs, reader, true);
            if (v == null) {
                v = abiPlace.read(p.type(), regs, reader);
            }
            out.add(new Variable(p.name(), parameterTypeNames[i], v));
        }
        return out;
    }

    public List<Variable> results(ReturnHit hit) {
        if (function == null) {
            return List.of();
        }
        HitRegisters regs = new HitRegisters(hit, bias);
        ValueReader reader = new ValueReader(hit::readMemory, limits, runtime);
        List<Variable> out = new ArrayList<>();
        if (go) {
            int next = 0;
            List<Parameter> params = function.parameters();
            for (int i = 0; i < params.size(); i++) {
                Parameter p = params.get(i);
                if (!p.isResult()) {
                    continue;
                }
                Placement place = goResultPlan.get(next++);
                Value v = fromDwarf(p, regs, reader, false);
                out.add(new Variable(p.name(), parameterTypeNames[i],
                        v != null ? v : place.read(p.type(), regs, reader)));
            }
            return out;
        }
        Optional<DwarfType> type = function.returnType();
        if (type.isEmpty()) {
            return out;
        }
        DwarfType t = type.get();
        AbiClass c = AbiClass.of(t);
        Value v;
        if (c.memory()) {
            v = reader.readAt(t, hit.rax());
        } else {
            ByteBuffer bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            int ints = 0;
            int sses = 0;
            for (AbiClass.Kind k : c.eightbytes()) {
                if (k == AbiClass.Kind.INTEGER) {
                    bytes.putLong(ints++ == 0 ? hit.rax() : hit.rdx());
                } else {
                    bytes.put(Arrays.copyOf(sses++ == 0 ? hit.xmm0() : hit.xmm1(), 8));
                }
            }
            v = reader.fromBytes(t, Arrays.copyOf(bytes.array(), (int) Math.max(1, t.byteSize())));
        }
        out.add(new Variable("", returnTypeName, v));
        return out;
    }

    /** The value from the DWARF location at this pc, or null when it does not hold here. */
    private Value fromDwarf(Parameter p, HitRegisters regs, ValueReader reader, boolean atEntry) {
        if (p.type() == null) {
            return null;
        }
        Expression e = expressionAt(p, regs.filePc());
        if (e == NO_LOCATION || e == CALLEE_FRAME) {
            return null; // CALLEE_FRAME is only classified for C, whose DWARF is only used at the entry
        }
        try {
            Location loc = ExpressionEvaluator.location(e, regs);
            if (loc instanceof Location.InMemory m) {
                if (atEntry && !go && Long.compareUnsigned(m.address(), regs.cfa()) < 0) {
                    return null; // the callee's own frame: not written before the prologue runs
                }
                return reader.readAt(p.type(), m.address());
            }
            if (loc instanceof Location.InRegister r) {
                return reader.fromBytes(p.type(), registerBytes(regs, r.dwarfRegister(), p.type()));
            }
            if (loc instanceof Location.ImplicitValue iv) {
                return reader.fromBytes(p.type(), iv.bytes());
            }
            if (loc instanceof Location.OptimizedOut) {
                return new Value.Unreadable(p.type().name(), "optimized out");
            }
            if (loc instanceof Location.Composite c) {
                byte[] bytes = pieces(c, regs, p.type());
                return bytes == null ? null : reader.fromBytes(p.type(), bytes);
            }
            return null;
        } catch (TinydbgException unreadable) {
            return null;
        }
    }

    /** {@code p}'s location expression at {@code pc}, or {@link #NO_LOCATION}. */
    private Expression expressionAt(Parameter p, long pc) {
        PcExpressions last = lastPc;
        Expression[] byParameter = last != null && last.pc() == pc ? last.expressions() : null;
        if (byParameter == null) {
            byParameter = expressionsFor(pc);
            lastPc = new PcExpressions(pc, byParameter);
        }
        List<Parameter> params = function.parameters();
        for (int i = 0; i < byParameter.length; i++) {
            if (params.get(i) == p) {
                return byParameter[i];
            }
        }
        return parse(p, pc);
    }

    /** The pc this decoder stopped at last, with its expressions: most probes stop at one pc again and again. */
    private record PcExpressions(long pc, Expression[] expressions) {
    }

    private volatile PcExpressions lastPc;

    private Expression[] expressionsFor(long pc) {
        return expressionsAt.computeIfAbsent(pc, k -> {
            List<Parameter> params = function.parameters();
            Expression[] all = new Expression[params.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = parse(params.get(i), pc);
                if (!go && inCalleeFrame(all[i], pc)) {
                    all[i] = CALLEE_FRAME;
                }
            }
            return all;
        });
    }

    private boolean inCalleeFrame(Expression e, long pc) {
        if (e == NO_LOCATION || e.operations().size() != 1) {
            return false;
        }
        Operation op = e.operations().get(0);
        if (op.opcode() != DW_OP_FBREG || op.operand(0) >= 0) {
            return false;
        }
        if (function.frameBase() == null) {
            return false;
        }
        Optional<byte[]> base = function.frameBase().at(pc);
        return base.isPresent() && base.get().length == 1 && (base.get()[0] & 0xff) == DW_OP_CALL_FRAME_CFA;
    }

    private static Expression parse(Parameter p, long pc) {
        Optional<byte[]> ops = p.location().at(pc);
        if (ops.isEmpty() || ops.get().length == 0) {
            return NO_LOCATION;
        }
        try {
            return Expression.parse(ops.get(), 8, 4);
        } catch (TinydbgException e) {
            return NO_LOCATION;
        }
    }

    /**
     * The bytes of a value the compiler split across registers and memory (Go passes a string as
     * {@code DW_OP_reg0 DW_OP_piece 8 DW_OP_reg3 DW_OP_piece 8}); null when a piece is missing or not whole bytes.
     */
    private static byte[] pieces(Location.Composite c, HitRegisters regs, DwarfType type) {
        ByteBuffer out = ByteBuffer.allocate((int) Math.max(0, Math.min(1 << 16, ValueReader.byteSize(type))));
        for (Location.Piece piece : c.pieces()) {
            if (piece.sizeInBits() % 8 != 0 || piece.bitOffset() != 0) {
                return null;
            }
            int size = (int) (piece.sizeInBits() / 8);
            if (size > out.remaining()) {
                return null;
            }
            byte[] part;
            Location l = piece.location();
            if (l instanceof Location.InRegister r) {
                part = registerPiece(regs, r.dwarfRegister(), size);
            } else if (l instanceof Location.InMemory m) {
                part = regs.readMemory(m.address(), size);
            } else if (l instanceof Location.ImplicitValue iv) {
                part = Arrays.copyOf(iv.bytes(), size);
            } else {
                return null;
            }
            out.put(part);
        }
        return out.position() == out.capacity() ? out.array() : null;
    }

    /** The low {@code size} bytes of a register (an xmm register's 16 at most). */
    private static byte[] registerPiece(HitRegisters regs, int dwarfRegister, int size) {
        if (dwarfRegister >= X86_64Registers.XMM0 && dwarfRegister <= X86_64Registers.XMM15) {
            return Arrays.copyOf(regs.xmm(dwarfRegister - X86_64Registers.XMM0), size);
        }
        byte[] b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(regs.register(dwarfRegister))
                .array();
        return Arrays.copyOf(b, size);
    }

    private static byte[] registerBytes(HitRegisters regs, int dwarfRegister, DwarfType type) {
        return registerPiece(regs, dwarfRegister, (int) Math.max(1, Math.min(16, ValueReader.byteSize(type))));
    }

    /** Where the ABI put one argument. */
    private interface Placement {
        Value read(DwarfType type, HitRegisters regs, ValueReader reader);
    }

    /** Walks the argument registers and the stack in ABI order. */
    private final class RegisterCursor {
        private final int[] integerRegs;
        private final int sseRegs;
        int nextInteger;
        int nextSse;
        /** Offset from the canonical frame address, where the caller's stack arguments start. */
        long stack;

        RegisterCursor(int[] integerRegs, int sseRegs) {
            this.integerRegs = integerRegs;
            this.sseRegs = sseRegs;
        }

        Placement place(DwarfType type) {
            if (type == null) {
                return (t, r, rd) -> new Value.Unreadable("", "no type");
            }
            long size = Math.max(1, ValueReader.byteSize(type));
            if (go && AbiClass.strip(type) instanceof BaseType b && b.encoding() == DW_ATE_COMPLEX_FLOAT
                    && nextSse + 2 <= sseRegs) {
                // Go passes a complex number as two floats in two registers: real part, then imaginary part
                int real = nextSse++;
                int imaginary = nextSse++;
                int half = (int) (size / 2);
                return (t, regs, reader) -> {
                    byte[] bytes = Arrays.copyOf(regs.xmm(real), (int) size);
                    System.arraycopy(regs.xmm(imaginary), 0, bytes, half, half);
                    return reader.fromBytes(t, bytes);
                };
            }
            AbiClass c = go ? goClass(type) : AbiClass.of(type);
            if (!c.memory() && nextInteger + c.integers() <= integerRegs.length && nextSse + c.sses() <= sseRegs) {
                List<int[]> sources = new ArrayList<>(); // {kind 0 = gpr / 1 = xmm, index}
                for (AbiClass.Kind k : c.eightbytes()) {
                    sources.add(k == AbiClass.Kind.INTEGER ? new int[] {0, integerRegs[nextInteger++]}
                            : new int[] {1, nextSse++});
                }
                return (t, regs, reader) -> {
                    ByteBuffer b = ByteBuffer.allocate(8 * Math.max(1, sources.size())).order(ByteOrder.LITTLE_ENDIAN);
                    for (int[] s : sources) {
                        b.putLong(s[0] == 0 ? regs.userRegister(s[1])
                                : ByteBuffer.wrap(regs.xmm(s[1])).order(ByteOrder.LITTLE_ENDIAN).getLong(0));
                    }
                    return reader.fromBytes(t, Arrays.copyOf(b.array(), (int) Math.min(size, b.capacity())));
                };
            }
            long offset = stack;
            stack += (size + 7) & ~7L;
            return (t, regs, reader) -> reader.readAt(t, regs.cfa() + offset);
        }

        /** Go's register ABI assigns every scalar of a value a register of its own kind. */
        private AbiClass goClass(DwarfType type) {
            DwarfType t = AbiClass.strip(type);
            long size = t.byteSize();
            if (t instanceof BaseType b && b.encoding() == DW_ATE_FLOAT) {
                return new AbiClass(false, List.of(AbiClass.Kind.SSE));
            }
            AbiClass sysv = size <= 16 ? AbiClass.of(t) : null;
            if (sysv != null && !sysv.memory() && sysv.sses() == 0) {
                return sysv;
            }
            List<AbiClass.Kind> ints = new ArrayList<>();
            for (long i = 0; i < (size + 7) / 8 && i < 9; i++) {
                ints.add(AbiClass.Kind.INTEGER);
            }
            return size <= 72 && (sysv == null || sysv.sses() == 0) ? new AbiClass(false, ints)
                    : new AbiClass(true, List.of());
        }
    }

}
