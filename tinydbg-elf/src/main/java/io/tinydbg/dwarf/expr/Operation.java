package io.tinydbg.dwarf.expr;

import java.util.Arrays;

/**
 * One decoded DWARF expression operation.
 *
 * @param opcode   the DW_OP code (see {@link DwOp})
 * @param name     the spec name, such as {@code "DW_OP_fbreg"}
 * @param operands the numeric operands in encoding order (sign-extended where the encoding is signed; unsigned
 *                 64-bit values are held in a long as their bit pattern)
 * @param block    the inline byte block of implicit_value, const_type and (GNU_)entry_value, else empty
 * @param offset   byte offset of the opcode within the expression (branch targets are relative to these)
 */
public record Operation(int opcode, String name, long[] operands, byte[] block, int offset) {
    private static final long[] NO_OPERANDS = new long[0];
    private static final byte[] NO_BLOCK = new byte[0];

    public Operation {
        operands = operands == null ? NO_OPERANDS : operands.clone();
        block = block == null ? NO_BLOCK : block.clone();
    }

    /** The {@code i}-th operand. */
    public long operand(int i) {
        return operands[i];
    }

    @Override
    public long[] operands() {
        return operands.clone();
    }

    @Override
    public byte[] block() {
        return block.clone();
    }

    /** Package-internal access without copying, for the evaluator's inner loop. */
    byte[] blockView() {
        return block;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Operation other && opcode == other.opcode && offset == other.offset
                && Arrays.equals(operands, other.operands) && Arrays.equals(block, other.block);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * opcode + offset) + Arrays.hashCode(operands);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(operands) + (block.length == 0 ? "" : " block " + block.length) + " @" + offset;
    }
}
