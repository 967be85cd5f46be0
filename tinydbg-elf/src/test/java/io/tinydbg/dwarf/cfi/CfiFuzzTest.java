package io.tinydbg.dwarf.cfi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.tinydbg.TinydbgException;
import io.tinydbg.dwarf.cfi.testsupport.TestElfSections;
import io.tinydbg.dwarf.expr.EvaluationContext;
import io.tinydbg.dwarf.expr.EvaluationException;
import io.tinydbg.dwarf.expr.Expression;
import io.tinydbg.dwarf.expr.ExpressionEvaluator;
import io.tinydbg.dwarf.expr.ExpressionFormat;
import io.tinydbg.testing.Fixtures;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random expression bytes and random mutations of real {@code .eh_frame}, {@code .eh_frame_hdr} and
 * {@code .debug_frame} sections: the parsers, the interpreter and the unwinder may only fail with our own
 * exception types, and must finish (the timeouts guard against hangs, not speed).
 */
class CfiFuzzTest {
    private static final EvaluationContext ANY = new EvaluationContext() {
        @Override
        public long register(int r) {
            if (r > 32) {
                throw new EvaluationException("no register " + r);
            }
            return 0x1000L * r;
        }

        @Override
        public byte[] readMemory(long address, int length) {
            if (address < 0 || address > 0x100000) {
                throw new EvaluationException("unreadable");
            }
            return new byte[length];
        }

        @Override
        public long frameBase() {
            return 0x7000;
        }

        @Override
        public long cfa() {
            return 0x8000;
        }

        @Override
        public long pc() {
            return 0x401000;
        }
    };

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void randomExpressions() {
        Random random = new Random(20261126);
        int parsed = 0;
        for (int i = 0; i < 20000; i++) {
            byte[] ops = new byte[random.nextInt(24)];
            random.nextBytes(ops);
            if (i % 2 == 0) { // bias towards valid opcodes so evaluation gets exercised
                for (int k = 0; k < ops.length; k++) {
                    ops[k] = (byte) (0x06 + random.nextInt(0xa0));
                }
            }
            try {
                Expression e = Expression.parse(ops, random.nextBoolean() ? 8 : 4, random.nextBoolean() ? 4 : 8);
                parsed++;
                ExpressionFormat.format(e, 0x100);
                ExpressionEvaluator.location(e, ANY);
            } catch (TinydbgException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            } catch (RuntimeException | Error other) {
                fail("expression " + java.util.HexFormat.of().formatHex(ops) + " threw " + other, other);
            }
        }
        assertThat(parsed).isGreaterThan(1000);
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void mutatedFrameSections() {
        Random random = new Random(7);
        check(TestElfSections.open(Fixtures.path("exprcfi-O2")), ".eh_frame", random, 1200);
        check(TestElfSections.open(Fixtures.path("exprcfi-O2")), ".eh_frame_hdr", random, 600);
        check(TestElfSections.open(Fixtures.path("exprcfi-debugframe")), ".debug_frame", random, 1200);
        check(TestElfSections.open(Fixtures.path("gosample-nocompress")), ".debug_frame", random, 300);
    }

    private static void check(TestElfSections elf, String section, Random random, int rounds) {
        byte[] original = elf.bytes(section);
        assertThat(original).isNotEmpty();
        List<FrameDescription> fdes = CallFrameTable.of(elf).descriptions();
        assertThat(fdes).isNotEmpty();
        for (int round = 0; round < rounds; round++) {
            byte[] mutated = mutate(original, random);
            TestElfSections broken = elf.withSection(section, mutated);
            try {
                CallFrameTable table = CallFrameTable.of(broken);
                for (int k = 0; k < 8; k++) {
                    FrameDescription d = fdes.get(random.nextInt(fdes.size()));
                    long pc = d.pcBegin() + (d.pcEnd() > d.pcBegin() ? random.nextLong(d.pcEnd() - d.pcBegin()) : 0);
                    try {
                        table.rowAt(pc);
                        X86_64Unwinder.step(table, pc, r -> OptionalLong.of(0x10000L + 8 * r),
                                a -> {
                                    if (a < 0x10000 || a > 0x20000) {
                                        throw new EvaluationException("unreadable");
                                    }
                                    return a * 3;
                                });
                    } catch (TinydbgException expected) {
                        assertThat(expected.getMessage()).isNotBlank();
                    }
                }
                if (round % 20 == 0) {
                    table.descriptions();
                }
            } catch (TinydbgException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            } catch (RuntimeException | Error other) {
                fail(section + " mutation round " + round + " threw " + other, other);
            }
        }
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] b;
        switch (random.nextInt(4)) {
            case 0 -> b = java.util.Arrays.copyOf(original, random.nextInt(original.length + 1)); // truncate
            default -> b = original.clone();
        }
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips && b.length > 0; i++) {
            int at = random.nextInt(b.length);
            b[at] = switch (random.nextInt(3)) {
                case 0 -> (byte) random.nextInt(256);
                case 1 -> (byte) 0xff;
                default -> (byte) (b[at] ^ (1 << random.nextInt(8)));
            };
        }
        return b;
    }
}
