package io.tinydbg.dwarf.expr;

import io.tinydbg.bytes.ByteCursor;
import io.tinydbg.bytes.MalformedInputException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A decoded DWARF expression (DW_AT_location, DW_AT_frame_base, a location list entry, a CFI expression rule).
 * Decoding is eager and checks every operand, so evaluation never meets truncated bytes.
 */
public final class Expression {
    private final byte[] bytes;
    private final List<Operation> operations;
    private final int addressSize;
    private final int offsetSize;

    private Expression(byte[] bytes, List<Operation> operations, int addressSize, int offsetSize) {
        this.bytes = bytes;
        this.operations = operations;
        this.addressSize = addressSize;
        this.offsetSize = offsetSize;
    }

    /**
     * Decodes {@code ops}, the raw bytes of an expression of a unit with the given address size (4 or 8) and offset
     * size (4 for 32-bit DWARF, 8 for 64-bit DWARF).
     *
     * @throws MalformedInputException when an operation is unknown or its operands are cut off
     */
    public static Expression parse(byte[] ops, int addressSize, int offsetSize) {
        return parse(ops, addressSize, offsetSize, "DWARF expression", "expression");
    }

    /** As {@link #parse(byte[], int, int)}, naming {@code source} and {@code section} in errors. */
    public static Expression parse(byte[] ops, int addressSize, int offsetSize, String source, String section) {
        if (addressSize != 4 && addressSize != 8 && addressSize != 2) {
            throw new MalformedInputException(source, section, 0, "unsupported address size " + addressSize);
        }
        if (offsetSize != 4 && offsetSize != 8) {
            throw new MalformedInputException(source, section, 0, "unsupported offset size " + offsetSize);
        }
        byte[] copy = ops.clone();
        ByteCursor c = new ByteCursor(source, section, ByteBuffer.wrap(copy));
        List<Operation> result = new ArrayList<>();
        while (c.hasRemaining()) {
            result.add(decode(c, addressSize, offsetSize));
        }
        return new Expression(copy, List.copyOf(result), addressSize, offsetSize);
    }

    private static Operation decode(ByteCursor c, int addressSize, int offsetSize) {
        int at = c.position();
        int opcode = c.u8();
        String layout = DwOp.layout(opcode);
        if (layout == null) {
            throw c.fail(at, "unknown DWARF expression operation 0x" + Integer.toHexString(opcode));
        }
        long[] operands = new long[layout.length()];
        int n = 0;
        byte[] block = null;
        for (int i = 0; i < layout.length(); i++) {
            switch (layout.charAt(i)) {
                case 'A' -> operands[n++] = c.unsigned(addressSize);
                case '1' -> operands[n++] = c.u8();
                case '2' -> operands[n++] = c.u16();
                case '4' -> operands[n++] = c.u32();
                case '8' -> operands[n++] = c.u64();
                case 'b' -> operands[n++] = c.s8();
                case 'h' -> operands[n++] = c.s16();
                case 'w' -> operands[n++] = c.s32();
                case 'q' -> operands[n++] = c.u64();
                case 'u' -> operands[n++] = c.uleb128();
                case 's' -> operands[n++] = c.sleb128();
                case 'O' -> operands[n++] = c.unsigned(offsetSize);
                case 'B' -> {
                    int len = c.uleb128AsInt("block length");
                    operands[n++] = len;
                    block = c.bytes(len);
                }
                case 'C' -> {
                    int len = c.u8();
                    operands[n++] = len;
                    block = c.bytes(len);
                }
                case 'E' -> {
                    int encoding = c.u8();
                    operands[n++] = encoding;
                    operands = Arrays.copyOf(operands, operands.length + 1);
                    operands[n++] = encodedPointer(c, encoding, addressSize);
                }
                default -> throw new IllegalStateException("bad layout " + layout);
            }
        }
        return new Operation(opcode, DwOp.name(opcode), operands, block, at);
    }

    private static long encodedPointer(ByteCursor c, int encoding, int addressSize) {
        return switch (encoding & 0x0f) {
            case 0x00 -> c.unsigned(addressSize);
            case 0x01 -> c.uleb128();
            case 0x02 -> c.u16();
            case 0x03 -> c.u32();
            case 0x04, 0x0c -> c.u64();
            case 0x09 -> c.sleb128();
            case 0x0a -> c.s16();
            case 0x0b -> c.s32();
            default -> throw c.fail("unsupported pointer encoding 0x" + Integer.toHexString(encoding));
        };
    }

    /** The decoded operations in order. */
    public List<Operation> operations() {
        return operations;
    }

    /** The raw bytes this expression was decoded from. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Number of bytes of the encoded expression. */
    public int length() {
        return bytes.length;
    }

    public int addressSize() {
        return addressSize;
    }

    public int offsetSize() {
        return offsetSize;
    }

    /** True for an expression with no operations (DWARF's "optimized out"). */
    public boolean isEmpty() {
        return operations.isEmpty();
    }

    @Override
    public String toString() {
        return ExpressionFormat.format(this);
    }
}
