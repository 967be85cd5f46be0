package io.tinydbg.dwarf.expr;

import io.tinydbg.TinydbgException;
import java.util.StringJoiner;

/**
 * Prints expressions the way {@code readelf --debug-dump=info} does between parentheses, for example
 * {@code DW_OP_breg7 (rsp): 8; DW_OP_deref}, so tests can compare with readelf and users see familiar text.
 * Register names are those of x86-64.
 */
public final class ExpressionFormat {
    private ExpressionFormat() {
    }

    /** The readelf text of {@code e}, with DIE references printed relative to a unit at offset 0. */
    public static String format(Expression e) {
        return format(e, 0);
    }

    /**
     * The readelf text of {@code e}; readelf prints unit-relative DIE references (const_type, regval_type,
     * deref_type, convert, call2/4, GNU_parameter_ref) as section offsets, so it needs the unit's offset.
     */
    public static String format(Expression e, long cuOffset) {
        StringJoiner j = new StringJoiner("; ");
        for (Operation op : e.operations()) {
            j.add(format(op, e, cuOffset));
        }
        return j.toString();
    }

    private static String format(Operation op, Expression e, long cuOffset) {
        int code = op.opcode();
        String name = op.name();
        if (code >= DwOp.LIT0 && code <= DwOp.LIT31) {
            return name;
        }
        if (code >= DwOp.REG0 && code <= DwOp.REG31) {
            return name + " (" + reg(code - DwOp.REG0) + ")";
        }
        if (code >= DwOp.BREG0 && code <= DwOp.BREG31) {
            return name + " (" + reg(code - DwOp.BREG0) + "): " + op.operand(0);
        }
        return switch (code) {
            case DwOp.ADDR -> name + ": " + Long.toHexString(op.operand(0));
            case DwOp.CONST1U, DwOp.CONST2U, DwOp.CONST4U, DwOp.CONST8U, DwOp.CONSTU, DwOp.PLUS_UCONST,
                    DwOp.PIECE -> name + ": " + Long.toUnsignedString(op.operand(0));
            case DwOp.CONST1S, DwOp.CONST2S, DwOp.CONST4S, DwOp.CONST8S, DwOp.CONSTS, DwOp.PICK, DwOp.BRA,
                    DwOp.SKIP, DwOp.FBREG, DwOp.DEREF_SIZE, DwOp.XDEREF_SIZE -> name + ": " + op.operand(0);
            case DwOp.REGX -> name + ": " + Long.toUnsignedString(op.operand(0)) + " (" + reg(op.operand(0)) + ")";
            case DwOp.BREGX -> name + ": " + Long.toUnsignedString(op.operand(0)) + " (" + reg(op.operand(0))
                    + ") " + op.operand(1);
            case DwOp.CALL2, DwOp.CALL4, DwOp.GNU_PARAMETER_REF -> name + ": <0x" + hex(cuOffset + op.operand(0))
                    + ">";
            case DwOp.CALL_REF, DwOp.GNU_VARIABLE_VALUE -> name + ": <0x" + hex(op.operand(0)) + ">";
            case DwOp.BIT_PIECE -> name + ": size: " + Long.toUnsignedString(op.operand(0)) + " offset: "
                    + Long.toUnsignedString(op.operand(1)) + " ";
            case DwOp.IMPLICIT_VALUE -> name + block(op.blockView());
            case DwOp.IMPLICIT_POINTER, DwOp.GNU_IMPLICIT_POINTER -> name + ": <0x" + hex(op.operand(0)) + "> "
                    + op.operand(1);
            case DwOp.ENTRY_VALUE, DwOp.GNU_ENTRY_VALUE -> name + ": (" + nested(op.blockView(), e, cuOffset) + ")";
            case DwOp.CONST_TYPE, DwOp.GNU_CONST_TYPE -> name + ": <0x" + hex(cuOffset + op.operand(0)) + "> "
                    + block(op.blockView());
            case DwOp.REGVAL_TYPE, DwOp.GNU_REGVAL_TYPE -> name + ": " + Long.toUnsignedString(op.operand(0)) + " ("
                    + reg(op.operand(0)) + ") <0x" + hex(cuOffset + op.operand(1)) + ">";
            case DwOp.DEREF_TYPE, DwOp.GNU_DEREF_TYPE, DwOp.XDEREF_TYPE -> name + ": " + op.operand(0) + " <0x"
                    + hex(cuOffset + op.operand(1)) + ">";
            case DwOp.CONVERT, DwOp.GNU_CONVERT, DwOp.REINTERPRET, DwOp.GNU_REINTERPRET -> name + " <0x"
                    + hex(op.operand(0) == 0 ? 0 : cuOffset + op.operand(0)) + ">";
            case DwOp.ADDRX, DwOp.CONSTX, DwOp.GNU_ADDR_INDEX, DwOp.GNU_CONST_INDEX -> name + " <0x"
                    + hex(op.operand(0)) + ">";
            case DwOp.GNU_ENCODED_ADDR -> name + ": fmt:" + String.format("%02x", op.operand(0)) + " addr: 0x"
                    + hex(op.operand(1));
            default -> name;
        };
    }

    private static String nested(byte[] block, Expression outer, long cuOffset) {
        try {
            return format(Expression.parse(block, outer.addressSize(), outer.offsetSize()), cuOffset);
        } catch (TinydbgException malformed) {
            return "<malformed: " + malformed.getMessage() + ">";
        }
    }

    private static String block(byte[] b) {
        StringBuilder sb = new StringBuilder(" ").append(b.length).append(" byte block: ");
        for (byte x : b) {
            sb.append(Integer.toHexString(x & 0xff)).append(' ');
        }
        return sb.toString();
    }

    private static String reg(long n) {
        String name = n >= 0 && n < Integer.MAX_VALUE ? X86_64Registers.name((int) n) : null;
        return name != null ? name : "r" + n;
    }

    private static String hex(long v) {
        return Long.toHexString(v);
    }
}
