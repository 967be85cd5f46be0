package io.tinydbg.engine;

/**
 * Decodes one machine instruction: the engine needs its length, what kind of control flow it is and where a
 * RIP-relative displacement sits, to emulate it or execute it out of line. The built-in {@link X86LengthDecoder}
 * knows the common instructions; a full disassembler plugs in through {@link EngineOptions#withDecoder}, e.g. an
 * adapter over io.tinydbg.x86's {@code Instruction} record (address, length, kind, branchTarget, ripRelative,
 * displacementOffset).
 */
@FunctionalInterface
public interface InstructionDecoder {
    /**
     * Decodes the instruction at the start of {@code code}, which was read from {@code address}.
     *
     * @return the instruction, or {@link DecodedInstruction#unknown} when it cannot be decoded
     */
    DecodedInstruction decode(byte[] code, long address);
}
