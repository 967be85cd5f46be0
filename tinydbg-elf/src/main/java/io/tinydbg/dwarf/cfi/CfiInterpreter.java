package io.tinydbg.dwarf.cfi;

import io.tinydbg.bytes.ByteCursor;
import io.tinydbg.dwarf.expr.Expression;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the DW_CFA_* instructions of a CIE and an FDE up to a pc and yields the row in force there
 * (DWARF 5 section 6.4.2).
 */
final class CfiInterpreter {
    private static final int MAX_REMEMBERED = 1024;

    /** The rules being built. */
    private static final class State {
        CfaRule cfa;
        Map<Integer, RegisterRule> registers = new HashMap<>();

        State copy() {
            State s = new State();
            s.cfa = cfa;
            s.registers = new HashMap<>(registers);
            return s;
        }
    }

    private final Fde fde;
    private final Cie cie;
    private final PointerEncoding.Bases bases;
    private final boolean eh;
    private State state = new State();
    private State initial;
    private final Deque<State> remembered = new ArrayDeque<>();
    private long loc;

    private CfiInterpreter(Fde fde, PointerEncoding.Bases bases, boolean eh) {
        this.fde = fde;
        this.cie = fde.cie();
        this.bases = bases;
        this.eh = eh;
    }

    /** The row of {@code fde} in force at {@code pc}, which the FDE must cover. */
    static CfaRow rowAt(Fde fde, long pc, PointerEncoding.Bases bases, boolean eh) {
        return new CfiInterpreter(fde, bases, eh).run(pc);
    }

    private CfaRow run(long pc) {
        loc = fde.pcBegin();
        execute(fde.cie().initialInstructions(), Long.MAX_VALUE, true);
        initial = state.copy();
        remembered.clear();
        long rowEnd = execute(fde.freshInstructions(), pc, false);
        if (state.cfa == null) {
            throw fde.instructions().fail(0, "FDE at 0x" + Long.toHexString(fde.offset())
                    + " defines no CFA rule at pc 0x" + Long.toHexString(pc));
        }
        return new CfaRow(loc, rowEnd, state.cfa, state.registers, cie.returnAddressRegister(), cie.signalFrame());
    }

    /** Executes until the location would pass {@code pc}; returns the end of the row in force at {@code pc}. */
    private long execute(ByteCursor c, long pc, boolean inCie) {
        while (c.hasRemaining()) {
            int at = c.position();
            int op = c.u8();
            int high = op & 0xc0;
            int low = op & 0x3f;
            if (high == 0x40) {
                if (advance(low * cie.codeAlign(), pc, inCie)) {
                    return loc + low * cie.codeAlign();
                }
                continue;
            }
            if (high == 0x80) {
                set(low, new RegisterRule.Offset(c.uleb128() * cie.dataAlign()));
                continue;
            }
            if (high == 0xc0) {
                restore(low);
                continue;
            }
            switch (op) {
                case 0x00 -> { } // DW_CFA_nop
                case 0x01 -> { // DW_CFA_set_loc
                    long target = eh ? PointerEncoding.read(c, cie.fdeEncoding(), bases)
                            : c.unsigned(cie.addressSize());
                    if (!inCie) {
                        if (Long.compareUnsigned(target, pc) > 0) {
                            return target;
                        }
                        loc = target;
                    }
                }
                case 0x02 -> {
                    long d = c.u8() * cie.codeAlign();
                    if (advance(d, pc, inCie)) {
                        return loc + d;
                    }
                }
                case 0x03 -> {
                    long d = c.u16() * cie.codeAlign();
                    if (advance(d, pc, inCie)) {
                        return loc + d;
                    }
                }
                case 0x04 -> {
                    long d = c.u32() * cie.codeAlign();
                    if (advance(d, pc, inCie)) {
                        return loc + d;
                    }
                }
                case 0x05 -> set(reg(c), new RegisterRule.Offset(c.uleb128() * cie.dataAlign()));
                case 0x06 -> restore(reg(c));
                case 0x07 -> set(reg(c), new RegisterRule.Undefined());
                case 0x08 -> set(reg(c), new RegisterRule.SameValue());
                case 0x09 -> {
                    int r = reg(c);
                    set(r, new RegisterRule.Register(reg(c)));
                }
                case 0x0a -> {
                    if (remembered.size() >= MAX_REMEMBERED) {
                        throw c.fail(at, "more than " + MAX_REMEMBERED + " nested DW_CFA_remember_state");
                    }
                    remembered.push(state.copy());
                }
                case 0x0b -> {
                    if (remembered.isEmpty()) {
                        throw c.fail(at, "DW_CFA_restore_state without DW_CFA_remember_state");
                    }
                    // The CFA rule comes back too, as in readelf and gimli: compilers emit remember/restore around
                    // epilogues that change the CFA offset and expect the body's CFA afterwards.
                    state = remembered.pop();
                }
                case 0x0c -> {
                    int r = reg(c);
                    state.cfa = new CfaRule.RegisterOffset(r, c.uleb128());
                }
                case 0x0d -> {
                    int r = reg(c);
                    state.cfa = new CfaRule.RegisterOffset(r, cfaRegisterOffset(c, at).offset());
                }
                case 0x0e -> state.cfa = new CfaRule.RegisterOffset(cfaRegisterOffset(c, at).register(),
                        c.uleb128());
                case 0x0f -> state.cfa = new CfaRule.ByExpression(expression(c));
                case 0x10 -> {
                    int r = reg(c);
                    set(r, new RegisterRule.AtExpression(expression(c)));
                }
                case 0x11 -> {
                    int r = reg(c);
                    set(r, new RegisterRule.Offset(c.sleb128() * cie.dataAlign()));
                }
                case 0x12 -> {
                    int r = reg(c);
                    state.cfa = new CfaRule.RegisterOffset(r, c.sleb128() * cie.dataAlign());
                }
                case 0x13 -> state.cfa = new CfaRule.RegisterOffset(cfaRegisterOffset(c, at).register(),
                        c.sleb128() * cie.dataAlign());
                case 0x14 -> {
                    int r = reg(c);
                    set(r, new RegisterRule.ValOffset(c.uleb128() * cie.dataAlign()));
                }
                case 0x15 -> {
                    int r = reg(c);
                    set(r, new RegisterRule.ValOffset(c.sleb128() * cie.dataAlign()));
                }
                case 0x16 -> {
                    int r = reg(c);
                    set(r, new RegisterRule.ValExpression(expression(c)));
                }
                case 0x2d -> { } // DW_CFA_GNU_window_save (SPARC) / AArch64 negate_ra_state: no x86-64 effect
                case 0x2e -> c.uleb128(); // DW_CFA_GNU_args_size: only matters for exception landing pads
                case 0x2f -> {
                    int r = reg(c);
                    set(r, new RegisterRule.Offset(-c.uleb128() * cie.dataAlign()));
                }
                default -> throw c.fail(at, "unknown call frame instruction 0x" + Integer.toHexString(op));
            }
        }
        return fde.pcEnd();
    }

    /** Moves the location by {@code delta}; true when the new row would start past {@code pc}. */
    private boolean advance(long delta, long pc, boolean inCie) {
        if (inCie) {
            return false; // advances in a CIE have no meaning; GCC never emits them
        }
        if (Long.compareUnsigned(loc + delta, pc) > 0) {
            return true;
        }
        loc += delta;
        return false;
    }

    private CfaRule.RegisterOffset cfaRegisterOffset(ByteCursor c, int at) {
        if (state.cfa instanceof CfaRule.RegisterOffset ro) {
            return ro;
        }
        throw c.fail(at, "CFA offset or register change while the CFA is "
                + (state.cfa == null ? "undefined" : "an expression"));
    }

    private void set(int register, RegisterRule rule) {
        state.registers.put(register, rule);
    }

    private void restore(int register) {
        RegisterRule r = initial == null ? null : initial.registers.get(register);
        if (r == null) {
            state.registers.remove(register);
        } else {
            state.registers.put(register, r);
        }
    }

    private static int reg(ByteCursor c) {
        int at = c.position();
        long r = c.uleb128();
        if (r < 0 || r > 0xffff) {
            throw c.fail(at, "register number " + Long.toUnsignedString(r) + " is out of range");
        }
        return (int) r;
    }

    private Expression expression(ByteCursor c) {
        int length = c.uleb128AsInt("expression length");
        long at = c.sectionOffset();
        byte[] bytes = c.bytes(length);
        return Expression.parse(bytes, cie.addressSize(), cie.offsetSize(), c.source(),
                c.section() + " expression at 0x" + Long.toHexString(at));
    }
}
