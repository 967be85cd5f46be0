package io.tinydbg.dwarf.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.tinydbg.bytes.MalformedInputException;
import io.tinydbg.dwarf.DwarfSections;
import io.tinydbg.dwarf.line.testsupport.ElfFileSections;
import io.tinydbg.dwarf.line.testsupport.MapSections;
import io.tinydbg.testing.Fixtures;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Damaged {@code .debug_line} bytes (random mutations and truncations of real sections, and random bytes) may
 * only raise {@link MalformedInputException}: no other exception, no hang (the timeout is a hang guard, far
 * above the normal run time) and no OutOfMemoryError. Deterministic seeds.
 */
class LineProgramFuzzTest {
    private static final int MUTATIONS_PER_INPUT = 700;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void mutatedRealSectionsOnlyRaiseMalformedInput() {
        Random random = new Random(0x11e5);
        int cases = 0;
        int rejected = 0;
        for (String name : List.of("sample-O0", "sample-dwarf4", "line-dwarf64", "line-dwarf2", "shapes-O2",
                "gosample-nocompress")) {
            ElfFileSections elf = ElfFileSections.open(Fixtures.path(name));
            byte[] original = bytes(elf.section(".debug_line").orElseThrow());
            List<Long> offsets = LineProgramOffsets.all(elf);
            // Keep large sections (Go) to their first few programs so every case stays small.
            int keep = offsets.size() > 4 ? offsets.get(4).intValue() : original.length;
            byte[] base = Arrays.copyOf(original, keep);
            List<Long> starts = offsets.subList(0, Math.min(4, offsets.size()));
            for (int i = 0; i < MUTATIONS_PER_INPUT; i++) {
                byte[] mutated = mutate(base, random);
                cases++;
                rejected += exercise(elf.withDebugLine(ByteBuffer.wrap(mutated)), starts, name + " case " + i);
            }
        }
        MapSections synthetic = LineProgramSyntheticTest.dwarf5Sections(LineProgramSyntheticTest.dwarf5Program());
        byte[] base = bytes(synthetic.section(".debug_line").orElseThrow());
        for (int i = 0; i < MUTATIONS_PER_INPUT; i++) {
            cases++;
            rejected += exercise(LineProgramSyntheticTest.dwarf5Sections(mutate(base, random)), List.of(0L),
                    "synthetic case " + i);
        }
        assertThat(rejected).as("mutations detected as malformed, of %d", cases).isGreaterThan(cases / 10);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void randomBytesOnlyRaiseMalformedInput() {
        Random random = new Random(42);
        int rejected = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] b = new byte[random.nextInt(400)];
            random.nextBytes(b);
            if (b.length > 8 && random.nextBoolean()) {
                // A plausible length and version so the header and program code are reached, not only the length.
                b[0] = (byte) (b.length - 4);
                b[1] = b[2] = b[3] = 0;
                b[4] = (byte) (2 + random.nextInt(4));
                b[5] = 0;
            }
            rejected += exercise(new MapSections("random").with(".debug_line", b), List.of(0L), "random " + i);
        }
        assertThat(rejected).isGreaterThan(500);
    }

    private static byte[] mutate(byte[] base, Random random) {
        byte[] b = base.clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                return Arrays.copyOf(b, random.nextInt(b.length + 1)); // truncation
            }
            case 1 -> {
                int n = 1 + random.nextInt(8);
                for (int k = 0; k < n; k++) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
            case 2 -> {
                int[] specials = {0x00, 0xff, 0x80, 0x7f, 0x01};
                b[random.nextInt(b.length)] = (byte) specials[random.nextInt(specials.length)];
            }
            default -> {
                // Damage the first header, where lengths and counts live.
                int at = random.nextInt(Math.min(b.length, 120));
                b[at] = (byte) random.nextInt(256);
            }
        }
        return b;
    }

    /** Reads and uses every program; returns 1 when the input was rejected, 0 when it read cleanly. */
    private static int exercise(DwarfSections sections, List<Long> starts, String what) {
        int rejected = 0;
        try {
            try {
                LineProgramOffsets.all(sections);
            } catch (MalformedInputException e) {
                rejected = 1;
                assertThat(e.section()).isEqualTo(".debug_line");
            }
            for (long start : starts) {
                try {
                    use(LineProgram.read(sections, start, 8, "/comp", "unit.c", 16));
                } catch (MalformedInputException e) {
                    rejected = 1;
                    assertThat(e.source()).isNotNull();
                    assertThat(e.getMessage()).contains(sections.sourceName());
                }
            }
        } catch (MalformedInputException e) {
            return 1;
        } catch (Throwable t) {
            fail(what + ": " + t, t);
        }
        return rejected;
    }

    private static void use(LineProgram p) {
        List<LineRow> rows = p.rows();
        List<Long> pcs = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            LineRow r = rows.get(i);
            pcs.add(r.address());
            try {
                p.fileName(r.file());
                p.displayName(r.file());
            } catch (MalformedInputException e) {
                // A row may name a file the table lacks; that is reported, not crashed on.
            }
        }
        for (int i = 0; i < Math.min(pcs.size(), 200); i++) {
            long pc = pcs.get(i);
            try {
                p.lookup(pc);
                p.lookup(pc + 1);
            } catch (MalformedInputException e) {
                // Same: an unknown file index behind the row.
            }
            if (i + 1 < pcs.size()) {
                p.prologueEnd(pc, pcs.get(i + 1));
            }
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
