package io.tinydbg.x86;

import io.tinydbg.bytes.ByteCursor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes x86-64 (64-bit mode) machine code into {@link Instruction}s: lengths for everything compilers emit
 * (legacy prefixes, REX, the one-byte, 0f, 0f 38 and 0f 3a maps, x87, SSE, 3DNow!, VEX, EVEX, XOP) and the
 * classification a tracer needs. Stateless and thread-safe.
 *
 * <p>Offsets index the given buffer absolutely (its position is ignored); the buffer is never modified.
 */
public final class X86Decoder {
    /** Name used as the source of {@link DecodeException}s for code given as a plain buffer. */
    public static final String SOURCE = "x86-64 code";

    /** The architectural maximum instruction length. */
    public static final int MAX_LENGTH = InstructionReader.MAX_LENGTH;

    private X86Decoder() {
    }

    /**
     * The instruction starting at {@code code[offset]}, whose runtime address is {@code address}. It may use the
     * bytes up to the buffer's limit.
     *
     * @throws DecodeException for invalid or truncated instructions
     */
    public static Instruction decode(ByteBuffer code, int offset, long address) {
        return new InstructionReader(code, offset, code.limit(), address, SOURCE, null, 0).read();
    }

    /**
     * The instruction at {@code code[offset]} that must end at or before index {@code limit} (a function's end).
     *
     * @throws DecodeException for invalid instructions and those that would pass {@code limit}
     */
    public static Instruction decode(ByteBuffer code, int offset, int limit, long address) {
        return new InstructionReader(code, offset, Math.min(limit, code.limit()), address, SOURCE, null, 0).read();
    }

    /**
     * The instruction at {@code offset} of the cursor's bytes (not its position, which is unchanged); errors name
     * the cursor's source and section.
     */
    public static Instruction decode(ByteCursor code, int offset, long address) {
        ByteBuffer bytes = code.buffer();
        long base = code.sectionOffset() - code.position();
        return new InstructionReader(bytes, offset, bytes.limit(), address, code.source(), code.section(), base)
                .read();
    }

    /**
     * Linear sweep over {@code length} bytes from {@code code[offset]} (runtime address {@code address});
     * no instruction may reach past the range.
     *
     * @throws DecodeException at the first invalid or truncated instruction
     */
    public static List<Instruction> sweep(ByteBuffer code, int offset, int length, long address) {
        return sweep(code, offset, length, address, false);
    }

    /**
     * Linear sweep that never fails on the bytes: each byte that does not start a valid instruction becomes a
     * 1-byte {@link Kind#INVALID} instruction and decoding resumes at the next byte (data in code, padding).
     */
    public static List<Instruction> sweepLenient(ByteBuffer code, int offset, int length, long address) {
        return sweep(code, offset, length, address, true);
    }

    /** Linear sweep; {@code lenient} selects {@link #sweepLenient} behaviour. */
    public static List<Instruction> sweep(ByteBuffer code, int offset, int length, long address, boolean lenient) {
        if (offset < 0 || length < 0 || offset > code.limit() || length > code.limit() - offset) {
            throw new DecodeException(SOURCE, null, offset, address,
                    "range of " + length + " bytes at offset " + offset + " leaves the " + code.limit()
                            + "-byte code");
        }
        List<Instruction> out = new ArrayList<>(length / 4 + 1);
        int end = offset + length;
        int at = offset;
        while (at < end) {
            long pc = address + (at - offset);
            Instruction insn;
            try {
                insn = new InstructionReader(code, at, end, pc, SOURCE, null, 0).read();
            } catch (DecodeException e) {
                if (!lenient) {
                    throw e;
                }
                insn = Instruction.invalid(pc, code.get(at));
            }
            out.add(insn);
            at += insn.length();
        }
        return out;
    }
}
