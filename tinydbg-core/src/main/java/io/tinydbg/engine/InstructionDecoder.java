package io.tinydbg.engine;

/**
 * Decodes one machine instruction: the engine needs its length, what kind of control flow it is and where a
 * RIP-relative displacement sits, to emulate it or execute it out of line. The default is
 * {@link X86InstructionDecoder} (io.tinydbg.x86's full decoder); tests plug in others through
 * {@link EngineOptions#withDecoder} to force the engine's fallbacks.
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
