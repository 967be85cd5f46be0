package io.tinydbg.x86;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tinydbg.bytes.ByteCursor;
import io.tinydbg.x86.testsupport.TestElf;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated code: the decoder either returns an instruction of 1 to 15 bytes that stays inside the
 * given bytes, or throws {@link DecodeException}; nothing else escapes, and lenient sweeps cover every byte.
 */
class DecoderFuzzTest {
    private static final long SEED = 0x7d6b_2026L;

    @Test
    void randomBytesOnlyEverThrowDecodeException() {
        Random random = new Random(SEED);
        int decoded = 0;
        int rejected = 0;
        for (int round = 0; round < 3000; round++) {
            byte[] code = new byte[1 + random.nextInt(40)];
            random.nextBytes(code);
            ByteBuffer buf = ByteBuffer.wrap(code);
            for (int offset = 0; offset < code.length; offset++) {
                try {
                    Instruction i = X86Decoder.decode(buf, offset, 0x1000 + offset);
                    assertThat(i.length()).isBetween(1, 15);
                    assertThat(offset + i.length()).isLessThanOrEqualTo(code.length);
                    decoded++;
                } catch (DecodeException e) {
                    assertThat(e.address()).isEqualTo(0x1000 + offset);
                    rejected++;
                }
            }
            assertLenientSweepCovers(buf, code.length);
        }
        assertThat(decoded).isGreaterThan(10_000);
        assertThat(rejected).isGreaterThan(100);
    }

    @Test
    void mutatedLibcCodeOnlyEverThrowsDecodeException() {
        TestElf elf = TestElf.open(Path.of("/lib/x86_64-linux-gnu/libc.so.6"));
        ByteBuffer text = elf.bytes(elf.section(".text").orElseThrow());
        Random random = new Random(SEED + 1);
        for (int round = 0; round < 4000; round++) {
            int start = random.nextInt(text.limit() - 256);
            byte[] code = new byte[16 + random.nextInt(240)];
            text.get(start, code);
            for (int m = 1 + random.nextInt(8); m > 0; m--) {
                code[random.nextInt(code.length)] = (byte) random.nextInt(256);
            }
            ByteBuffer buf = ByteBuffer.wrap(code);
            assertLenientSweepCovers(buf, code.length);
            try {
                List<Instruction> strict = X86Decoder.sweep(buf, 0, code.length, 0);
                assertThat(strict.stream().mapToInt(Instruction::length).sum()).isEqualTo(code.length);
            } catch (DecodeException expected) {
                assertThat(expected.getMessage()).contains(X86Decoder.SOURCE);
            }
        }
    }

    private static void assertLenientSweepCovers(ByteBuffer buf, int length) {
        long next = 0;
        for (Instruction i : X86Decoder.sweepLenient(buf, 0, length, 0)) {
            assertThat(i.address()).isEqualTo(next);
            assertThat(i.length()).isBetween(1, 15);
            if (i.kind() == Kind.INVALID) {
                assertThat(i.length()).isEqualTo(1);
            }
            next = i.end();
        }
        assertThat(next).isEqualTo(length);
    }

    @Test
    void truncatedAndOverlongInstructionsAreRejectedWithTheirAddress() {
        // mov rax, imm64 cut short; 15 prefixes and a nop make 16 bytes.
        ByteBuffer truncated = ByteBuffer.wrap(new byte[] {0x48, (byte) 0xb8, 1, 2, 3});
        assertThatThrownBy(() -> X86Decoder.decode(truncated, 0, 0x401000))
                .isInstanceOf(DecodeException.class).hasMessageContaining("0x401000").hasMessageContaining("truncated");
        byte[] overlong = new byte[16];
        java.util.Arrays.fill(overlong, (byte) 0x66);
        overlong[15] = (byte) 0x90;
        assertThatThrownBy(() -> X86Decoder.decode(ByteBuffer.wrap(overlong), 0, 0))
                .isInstanceOf(DecodeException.class).hasMessageContaining("15");
        assertThatThrownBy(() -> X86Decoder.decode(ByteBuffer.wrap(new byte[] {0x06}), 0, 0))
                .as("push es is invalid in 64-bit mode").isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> X86Decoder.sweep(ByteBuffer.wrap(new byte[4]), 2, 4, 0))
                .isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> X86Decoder.decode(ByteBuffer.wrap(new byte[4]), 7, 0))
                .isInstanceOf(DecodeException.class);
    }

    @Test
    void cursorErrorsNameSourceAndSection() {
        ByteCursor cursor = new ByteCursor("/bin/x", ".text", ByteBuffer.wrap(new byte[] {(byte) 0x90, 0x0f, 0x04}));
        assertThat(X86Decoder.decode(cursor, 0, 0x10).isNop()).isTrue();
        assertThatThrownBy(() -> X86Decoder.decode(cursor, 1, 0x11))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("/bin/x").hasMessageContaining(".text+0x1");
    }
}
