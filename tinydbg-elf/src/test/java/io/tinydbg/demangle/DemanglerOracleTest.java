package io.tinydbg.demangle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tinydbg.testing.Fixtures;
import io.tinydbg.testing.Oracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every mangled symbol of real binaries must demangle exactly as GNU c++filt prints it. */
class DemanglerOracleTest {
    private static final String LIBSTDCXX = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";

    @ParameterizedTest
    @ValueSource(strings = {"shapes-O0", "shapes-O2", "demangle-cpp-O0", "demangle-cpp-O2"})
    void cppFixturesMatchCxxfilt(String fixture) {
        List<String> names = CxxFilt.mangledSymbols("nm", Fixtures.path(fixture).toString());
        assertThat(names).hasSizeGreaterThan(10);
        CxxFilt.Comparison result = CxxFilt.compare(names);
        System.out.println(fixture + ": " + result.same() + "/" + result.total() + " identical to c++filt");
        assertThat(result.same()).as("%s: %s", fixture, result).isEqualTo(result.total());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsample-legacy", "rsample-v0", "demangle-rs-legacy", "demangle-rs-v0"})
    void rustFixturesMatchCxxfilt(String fixture) {
        Path binary = Fixtures.dir().resolve(fixture);
        assumeTrue(Files.isRegularFile(binary), "rustc missing: " + fixture + " not built");
        List<String> names = CxxFilt.mangledSymbols("nm", binary.toString());
        CxxFilt.Comparison result = CxxFilt.compare(names);
        System.out.println(fixture + ": " + result.same() + "/" + result.total() + " identical to c++filt");
        assertThat(names).anyMatch(n -> n.startsWith(fixture.endsWith("v0") ? "_R" : "_ZN"));
        assertThat(result.same()).as("%s: %s", fixture, result).isEqualTo(result.total());
    }

    @Test
    void libstdcxxDynamicSymbolsMatchCxxfilt() {
        List<String> names = CxxFilt.mangledSymbols("nm", "-D", LIBSTDCXX);
        assertThat(names).hasSizeGreaterThan(1000);
        CxxFilt.Comparison result = CxxFilt.compare(names);
        System.out.println("libstdc++: " + result.same() + "/" + result.total() + " identical to c++filt");
        assertThat(result.same()).as("libstdc++: %s", result).isEqualTo(result.total());
    }

    /**
     * {@code nm -C} uses GNU's demangler without the verbose flag (so {@code std::string}); versioned names
     * ({@code name@@GLIBCXX_3.4}) keep their suffix.
     */
    @Test
    void versionedDynamicSymbolsMatchNmDemangle() {
        List<String> raw = Oracle.run("nm", "-D", LIBSTDCXX).lines().toList();
        List<String> demangled = Oracle.run("nm", "-D", "-C", LIBSTDCXX).lines().toList();
        assertThat(demangled).hasSameSizeAs(raw);
        List<String> mismatches = new ArrayList<>();
        int versioned = 0;
        for (int i = 0; i < raw.size(); i++) {
            // "<16 hex or spaces> <type> <name>": the name starts at column 19 in both listings.
            String name = raw.get(i).substring(19);
            String expected = demangled.get(i).substring(19);
            if (!name.startsWith("_Z")) {
                continue;
            }
            versioned += name.contains("@") ? 1 : 0;
            String ours = Demangler.demangleConcise(name).orElse(name);
            if (!ours.equals(expected)) {
                mismatches.add(name + " -> " + ours + " (nm -C: " + expected + ")");
            }
        }
        assertThat(versioned).isGreaterThan(1000);
        assertThat(mismatches).isEmpty();
    }

    /** The concise style on Rust fixtures equals what {@code nm -C} prints (no hash, no crate disambiguator). */
    @ParameterizedTest
    @ValueSource(strings = {"rsample-legacy", "rsample-v0", "demangle-rs-v0"})
    void rustConciseMatchesNmDemangle(String fixture) {
        Path binary = Fixtures.dir().resolve(fixture);
        assumeTrue(Files.isRegularFile(binary), "rustc missing: " + fixture + " not built");
        List<String> raw = Oracle.run("nm", binary.toString()).lines().toList();
        List<String> demangled = Oracle.run("nm", "-C", binary.toString()).lines().toList();
        assertThat(demangled).hasSameSizeAs(raw);
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (int i = 0; i < raw.size(); i++) {
            String name = raw.get(i).substring(19);
            if (!name.startsWith("_R") && !name.startsWith("_Z")) {
                continue;
            }
            checked++;
            String ours = Demangler.demangleConcise(name).orElse(name);
            if (!ours.equals(demangled.get(i).substring(19))) {
                mismatches.add(name + " -> " + ours + " (nm -C: " + demangled.get(i).substring(19) + ")");
            }
        }
        assertThat(checked).isGreaterThan(10);
        assertThat(mismatches).isEmpty();
    }
}
