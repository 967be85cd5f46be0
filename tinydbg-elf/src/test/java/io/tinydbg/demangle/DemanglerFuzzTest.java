package io.tinydbg.demangle;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Hostile input: random strings and mutations of real symbols never make the demanglers throw, loop or grow
 * without bound; where c++filt accepts a mutated name we still mostly print what it prints.
 */
class DemanglerFuzzTest {
    private static final int MAX_OUTPUT = OutputBuffer.MAX_LENGTH;

    private static List<String> seeds() {
        List<String> seeds = new ArrayList<>();
        for (String fixture : List.of("shapes-O2", "demangle-cpp-O0", "rsample-legacy", "demangle-rs-v0")) {
            Path binary = Fixtures.dir().resolve(fixture);
            if (Files.isRegularFile(binary)) {
                seeds.addAll(CxxFilt.mangledSymbols("nm", binary.toString()));
            }
        }
        assertThat(seeds).hasSizeGreaterThan(100);
        return seeds;
    }

    private static void assertBounded(String input) {
        for (Optional<String> out : List.of(Demangler.demangle(input), Demangler.demangleConcise(input),
                RustDemangler.simplePath(input), ItaniumDemangler.nameWithoutParameters(input))) {
            assertThat(out).isNotNull();
            out.ifPresent(s -> assertThat(s.length()).as(input).isLessThanOrEqualTo(MAX_OUTPUT + input.length()));
        }
        assertThat(Demangler.matchNames(input)).isNotEmpty();
    }

    @Test
    void randomAndMutatedNamesNeverThrow() {
        List<String> inputs = Mutations.generate(seeds(), 20_000, 0x7157db6L);
        int demangled = 0;
        for (String input : inputs) {
            assertBounded(input);
            demangled += Demangler.demangle(input).isPresent() ? 1 : 0;
        }
        // Mutations of real names must keep exercising the parsers past their first characters.
        assertThat(demangled).isGreaterThan(1000);
    }

    @Test
    void exponentialBackReferencesAreCutOff() {
        // Each level doubles the printed text through substitutions / back-references.
        StringBuilder cpp = new StringBuilder("_Z1fIiE");
        StringBuilder args = new StringBuilder("1AIiE");
        for (int i = 0; i < 40; i++) {
            args = new StringBuilder("1AI").append(args).append("S").append(i == 0 ? "" : Integer.toString(i - 1, 36))
                    .append("_E");
        }
        cpp = new StringBuilder("_Z1fI").append(args).append("Ev");
        StringBuilder rust = new StringBuilder("_RINvC1a1fT");
        for (int i = 0; i < 60; i++) {
            rust.append("TB").append(Integer.toString(9 + i, 36)).append("_B").append(Integer.toString(9 + i, 36))
                    .append("_E");
        }
        rust.append("EE");
        List<String> hostile = List.of(cpp.toString(), rust.toString(), "_Z" + "P".repeat(100_000) + "i",
                "_Z1f" + "A_".repeat(50_000) + "i", "_R" + "NvNv".repeat(30_000) + "C1a1b",
                "_ZN" + "1a".repeat(50_000) + "E", "_Z1fIJ" + "J".repeat(10_000) + "E".repeat(10_001) + "v",
                "_RINvC1a1f" + "Nv".repeat(10_000) + "E", "_ZZ".repeat(20_000) + "1f");
        for (String input : hostile) {
            assertBounded(input);
        }
    }

    @Test
    void mutatedNamesMostlyAgreeWithCxxfilt() {
        List<String> inputs = Mutations.generate(seeds(), 6_000, 42L);
        List<String> expected = CxxFilt.demangle(inputs);
        int accepted = 0;
        int agree = 0;
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (expected.get(i).equals(inputs.get(i))) {
                continue;
            }
            accepted++;
            String ours = Demangler.demangle(inputs.get(i)).orElse(inputs.get(i));
            if (ours.equals(expected.get(i))) {
                agree++;
            } else if (differences.size() < 20) {
                differences.add(inputs.get(i) + "\n    c++filt: " + expected.get(i) + "\n    ours:    " + ours);
            }
        }
        System.out.printf("mutated names c++filt accepts: %d, identical: %d%n", accepted, agree);
        assertThat(accepted).isGreaterThan(300);
        assertThat(100.0 * agree / accepted).as("agreement; first differences:%n%s", String.join("\n", differences))
                .isGreaterThan(99.5);
    }
}
