package io.tinydbg.engine;

/**
 * Engine configuration, immutable: the instruction decoder used to displace instructions, and optional CPU
 * placement of the tracer thread and the target (same CPU = a stop is a direct context switch, no cross-CPU
 * wake-up).
 *
 * @param decoder the decoder; {@link X86InstructionDecoder} by default
 * @param cpu     CPU to pin the tracer thread (and a launched target) to, or -1 to leave placement to the kernel
 */
public record EngineOptions(InstructionDecoder decoder, int cpu) {
    public static EngineOptions defaults() {
        return new EngineOptions(new X86InstructionDecoder(), -1);
    }

    /** Uses {@code decoder} (e.g. an adapter over io.tinydbg.x86) instead of the built-in one. */
    public EngineOptions withDecoder(InstructionDecoder decoder) {
        return new EngineOptions(decoder, cpu);
    }

    /** Pins the tracer thread and a launched target to {@code cpu}. */
    public EngineOptions withSameCpu(int cpu) {
        return new EngineOptions(decoder, cpu);
    }
}
