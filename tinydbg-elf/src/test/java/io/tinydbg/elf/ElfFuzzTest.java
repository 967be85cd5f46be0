package io.tinydbg.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tinydbg.bytes.MalformedInputException;
import io.tinydbg.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Hostile input: truncations at every section boundary and at random points, random bytes, and thousands of random
 * mutations of real binaries, each parsed as fully as a caller would. The only acceptable outcomes are success and
 * {@link MalformedInputException}; the seeds are fixed, so a failure reproduces. Each batch runs under a generous
 * bound that only a hang could exceed.
 */
class ElfFuzzTest {
    private static final Duration BATCH_BOUND = Duration.ofMinutes(4);

    /** Everything a caller may ask of a file, including the embedded MiniDebugInfo image. */
    static void parseFully(ElfFile elf, int depth) {
        elf.header();
        for (ElfSection s : elf.sections()) {
            elf.sectionData(s);
        }
        elf.segments();
        elf.symbols();
        elf.dynamicSymbols();
        elf.dynamic();
        elf.neededLibraries();
        elf.soname();
        elf.notes();
        elf.buildIdHex();
        elf.debugLink();
        var dwarf = elf.dwarfSections();
        for (String name : List.of(".debug_info", ".debug_abbrev", ".debug_line", ".debug_str", ".debug_frame",
                ".debug_loc", ".debug_ranges", ".eh_frame", ".eh_frame_hdr")) {
            dwarf.section(name);
            dwarf.sectionAddress(name);
        }
        elf.bytesAt(elf.header().entry(), 16);
        if (depth < 2) {
            elf.miniDebugInfo().ifPresent(m -> parseFully(m, depth + 1));
        }
    }

    /** Parses {@code bytes}; returns true on success, false on a MalformedInputException, fails otherwise. */
    static boolean survives(String what, byte[] bytes) {
        try (ElfFile elf = ElfFile.fromBytes(what, ByteBuffer.wrap(bytes))) {
            parseFully(elf, 0);
            return true;
        } catch (MalformedInputException e) {
            assertThat(e.getMessage()).startsWith(what);
            return false;
        } catch (Throwable t) {
            throw new AssertionError(what + ": unexpected " + t, t);
        }
    }

    private static byte[] fixture(String name) throws Exception {
        return Files.readAllBytes(Fixtures.path(name));
    }

    @Test
    void originalsParseCompletely() throws Exception {
        for (String name : List.of("sample-O0", "gosample", "sample-zstd", "sample-zdebug", "sample-minidebug",
                "sample-minidebug-full", "libsample.so", "sample.o")) {
            assertThat(survives(name, fixture(name))).as(name).isTrue();
        }
    }

    @Test
    void truncationsAtEverySectionBoundaryAndRandomPoints() throws Exception {
        assertTimeoutPreemptively(BATCH_BOUND, () -> {
            Random random = new Random(20260101);
            int failures = 0;
            for (String name : List.of("sample-O0", "sample-zstd", "sample-minidebug", "gosample")) {
                byte[] full = fixture(name);
                TreeSet<Integer> cuts = new TreeSet<>();
                try (ElfFile elf = ElfFile.fromBytes(name, ByteBuffer.wrap(full))) {
                    for (ElfSection s : elf.sections()) {
                        for (long cut : new long[] {s.offset(), s.offset() + s.size(), s.offset() + s.size() / 2}) {
                            if (cut > 0 && cut < full.length) {
                                cuts.add((int) cut);
                            }
                        }
                    }
                    cuts.add((int) elf.header().shoff());
                    cuts.add((int) elf.header().phoff() + 10);
                }
                for (int i = 0; i < 100; i++) {
                    cuts.add(random.nextInt(full.length));
                }
                for (int cut : cuts) {
                    byte[] truncated = java.util.Arrays.copyOf(full, cut);
                    if (!survives(name + " cut at " + cut, truncated)) {
                        failures++;
                    }
                }
            }
            assertThat(failures).as("truncated files rejected").isPositive();
        });
    }

    @Test
    void randomBytes() {
        assertTimeoutPreemptively(BATCH_BOUND, () -> {
            Random random = new Random(42);
            for (int i = 0; i < 2000; i++) {
                byte[] b = new byte[random.nextInt(4096)];
                random.nextBytes(b);
                if (i % 2 == 0 && b.length >= 7) {
                    // Half start like ELF64 little-endian so they get past the identification bytes.
                    b[0] = 0x7f;
                    b[1] = 'E';
                    b[2] = 'L';
                    b[3] = 'F';
                    b[4] = 2;
                    b[5] = 1;
                    b[6] = 1;
                }
                survives("random " + i, b);
            }
        });
    }

    @Test
    void mutationsOfSampleO0() throws Exception {
        mutate("sample-O0", 3000, 1);
    }

    @Test
    void mutationsOfGosample() throws Exception {
        mutate("gosample", 1000, 2);
    }

    @Test
    void mutationsOfCompressedAndMiniDebugInfoBinaries() throws Exception {
        mutate("sample-zstd", 700, 3);
        mutate("sample-zdebug", 500, 4);
        mutate("sample-minidebug", 700, 5);
        mutate("sample-minidebug-full", 300, 6);
    }

    /**
     * {@code count} variants of a fixture, each with 1 to 8 bytes changed. Half the changes hit the headers and
     * the section and program header tables, where one byte changes the meaning of the whole file; the rest hit
     * section contents (string tables, symbols, notes, compressed streams).
     */
    private static void mutate(String name, int count, long seed) throws Exception {
        byte[] original = fixture(name);
        List<int[]> hot = new ArrayList<>();
        try (ElfFile elf = ElfFile.fromBytes(name, ByteBuffer.wrap(original))) {
            ElfHeader h = elf.header();
            hot.add(new int[] {0, 64});
            hot.add(new int[] {(int) h.shoff(), h.shnum() * h.shentsize()});
            hot.add(new int[] {(int) h.phoff(), h.phnum() * h.phentsize()});
            for (ElfSection s : elf.sections()) {
                if (!s.isNoBits() && s.size() > 0 && !s.isExecutable()) {
                    hot.add(new int[] {(int) s.offset(), (int) Math.min(s.size(), 4096)});
                }
            }
        }
        assertTimeoutPreemptively(BATCH_BOUND, () -> {
            Random random = new Random(seed);
            int rejected = 0;
            for (int i = 0; i < count; i++) {
                byte[] b = original.clone();
                int changes = 1 + random.nextInt(8);
                for (int c = 0; c < changes; c++) {
                    int at;
                    if (random.nextBoolean()) {
                        int[] range = hot.get(random.nextInt(3));
                        at = range[0] + random.nextInt(Math.max(1, range[1]));
                    } else {
                        int[] range = hot.get(random.nextInt(hot.size()));
                        at = range[0] + random.nextInt(Math.max(1, range[1]));
                    }
                    b[Math.min(at, b.length - 1)] = (byte) (random.nextInt(4) == 0 ? 0xff : random.nextInt(256));
                }
                if (!survives(name + " mutation " + i, b)) {
                    rejected++;
                }
            }
            assertThat(rejected).as(name + " mutations rejected").isPositive();
        });
    }
}
