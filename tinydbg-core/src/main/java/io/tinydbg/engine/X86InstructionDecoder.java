package io.tinydbg.engine;

import io.tinydbg.TinydbgException;
import io.tinydbg.engine.DecodedInstruction.Kind;
import io.tinydbg.x86.Instruction;
import io.tinydbg.x86.X86Decoder;
import java.nio.ByteBuffer;

/**
 * The engine's view of the full x86-64 decoder of io.tinydbg.x86 (legacy, VEX, EVEX and XOP encodings): the length,
 * how the instruction may be displaced and where its RIP-relative displacement sits. Bytes that do not decode come
 * back as {@link Kind#UNKNOWN}, which makes the engine fall back to a safer method.
 */
public final class X86InstructionDecoder implements InstructionDecoder {
    /** loopne, loope, loop, jrcxz: conditional on rcx, not on flags, so not emulated as a jcc. */
    private static final int LOOP_FIRST = 0xe0;
    private static final int LOOP_LAST = 0xe3;
    private static final int RET_NEAR_IMM = 0xc2;
    private static final int RET_NEAR = 0xc3;

    @Override
    public DecodedInstruction decode(byte[] code, long address) {
        Instruction i;
        try {
            i = X86Decoder.decode(ByteBuffer.wrap(code), 0, address);
        } catch (TinydbgException e) {
            return DecodedInstruction.unknown(address);
        }
        int rip = i.ripRelative() ? i.displacementOffset() : -1;
        long target = i.branchTarget().orElse(0);
        return new DecodedInstruction(address, i.length(), kind(i), rip, target);
    }

    private static Kind kind(Instruction i) {
        boolean oneByteMap = i.opcodeMap() == 0;
        return switch (i.kind()) {
            case RET -> oneByteMap && (i.opcode() == RET_NEAR || i.opcode() == RET_NEAR_IMM) ? Kind.RETURN
                    : Kind.UNKNOWN; // far returns change segments: never displaced
            case CALL_DIRECT -> Kind.CALL_RELATIVE;
            case JMP_DIRECT -> Kind.JUMP_RELATIVE;
            case JCC -> oneByteMap && i.opcode() >= LOOP_FIRST && i.opcode() <= LOOP_LAST
                    ? Kind.POSITION_DEPENDENT : Kind.CONDITIONAL_JUMP;
            // an indirect call pushes its own address + length: out of line that would be the scratch slot's
            case CALL_INDIRECT -> Kind.POSITION_DEPENDENT;
            case INVALID -> Kind.UNKNOWN;
            default -> Kind.PLAIN;
        };
    }
}
