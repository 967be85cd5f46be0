package io.tinydbg.dwarf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tinydbg.bytes.MalformedInputException;
import io.tinydbg.dwarf.testsupport.FixtureSections;
import io.tinydbg.dwarf.types.DwarfType;
import io.tinydbg.testing.Fixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed DWARF: random mutations and truncations of real sections, and random bytes. Every case must end, fast,
 * either normally or with {@link MalformedInputException}; any other exception or error fails the test.
 */
class FuzzTest {
    private static final List<String> SECTIONS = List.of(".debug_info", ".debug_abbrev", ".debug_str",
            ".debug_line", ".debug_line_str", ".debug_rnglists", ".debug_loclists", ".debug_ranges", ".debug_loc",
            ".debug_addr", ".debug_str_offsets", ".debug_types");

    /** Uses the library the way the index does, touching every part; returns a number so nothing is skipped. */
    static long exercise(Dwarf d) {
        long sum = 0;
        for (CompileUnit u : d.units()) {
            sum += d.unitInfo(u).languageCode();
        }
        List<FunctionEntry> functions = d.functionEntries();
        sum += d.inlinedInstances().size();
        AddressLookup lookup = d.addressLookup();
        for (int i = 0; i < functions.size() && i < 6; i++) {
            FunctionEntry f = functions.get(i);
            sum += lookup.functionAt(f.entryPc()).isPresent() ? 1 : 0;
            sum += lookup.inlinedChainAt(f.entryPc()).size();
            DwarfFunction fn = d.function(f);
            sum += fn.declFile().length();
            for (Parameter p : fn.parameters()) {
                sum += p.type().name().length() + p.type().byteSize() + (p.location().at(f.entryPc()).isPresent() ? 1 : 0);
            }
            for (Variable v : fn.locals()) {
                sum += v.type().name().length();
            }
            sum += fn.returnType().map(DwarfType::name).orElse("").length();
        }
        if (!d.units().isEmpty()) {
            sum += walk(d.root(d.units().get(0)), 0);
        }
        return sum;
    }

    private static int walk(Die die, int depth) {
        int n = die.attributes().size();
        if (depth < 8) {
            for (Die c : die.children()) {
                n += walk(c, depth + 1);
            }
        }
        return n;
    }

    /** Returns true when the input was rejected (with our exception), false when it was read. */
    static boolean mustOnlyFailCleanly(FixtureSections sections) {
        try {
            exercise(Dwarf.from(sections));
            return false;
        } catch (MalformedInputException expected) {
            assertThat(expected.source()).isNotNull();
            assertThat(expected.getMessage()).isNotBlank();
            return true;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sample-O2", "dwarf-sample-64", "sample-dwarf4-O2", "dwarf-shapes-tu4",
            "dwarf-sample-v2"})
    void mutatedSectionsFailCleanly(String fixture) {
        FixtureSections real = FixtureSections.read(Fixtures.path(fixture));
        assertThat(exercise(Dwarf.from(real))).isPositive();
        Random random = new Random(fixture.hashCode());
        List<String> present = new ArrayList<>();
        for (String s : SECTIONS) {
            if (real.bytes(s) != null) {
                present.add(s);
            }
        }
        int[] rejected = new int[1];
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            for (int i = 0; i < 600; i++) {
                String name = present.get(random.nextInt(present.size()));
                byte[] bytes = real.bytes(name);
                if (bytes.length == 0) {
                    continue;
                }
                if (random.nextInt(5) == 0) {
                    bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
                } else {
                    int flips = 1 + random.nextInt(8);
                    for (int k = 0; k < flips; k++) {
                        int at = random.nextInt(bytes.length);
                        int kind = random.nextInt(4);
                        bytes[at] = (byte) (kind == 0 ? 0 : kind == 1 ? 0xff : kind == 2 ? 0x80 : random.nextInt(256));
                    }
                }
                rejected[0] += mustOnlyFailCleanly(real.with(name, bytes)) ? 1 : 0;
            }
        });
        assertThat(rejected[0]).as("mutants rejected as malformed").isBetween(30, 590);
    }

    @Test
    void randomBytesFailCleanly() {
        FixtureSections real = FixtureSections.read(Fixtures.path("sample-O0"));
        Random random = new Random(42);
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            for (int i = 0; i < 300; i++) {
                FixtureSections s = real;
                for (String name : List.of(".debug_info", ".debug_abbrev", ".debug_str", ".debug_line")) {
                    byte[] b = new byte[random.nextInt(2048)];
                    random.nextBytes(b);
                    if (random.nextBoolean()) {
                        s = s.with(name, b);
                    }
                }
                mustOnlyFailCleanly(s);
            }
        });
    }

    @Test
    void missingSectionsAreNamed() {
        FixtureSections real = FixtureSections.read(Fixtures.path("sample-O2"));
        Dwarf d = Dwarf.from(real.with(".debug_str", new byte[0]).with(".debug_line_str", new byte[0]));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> exercise(d))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining(".debug_");
    }
}
