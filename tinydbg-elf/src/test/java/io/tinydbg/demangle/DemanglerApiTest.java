package io.tinydbg.demangle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tinydbg.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The public API on symbols taken from the fixtures: simple paths, match names, refusal of non-mangled names. */
class DemanglerApiTest {

    private static String symbolOf(String fixture, String... parts) {
        Path binary = Fixtures.dir().resolve(fixture);
        assumeTrue(Files.isRegularFile(binary), fixture + " not built");
        return CxxFilt.mangledSymbols("nm", binary.toString()).stream()
                .filter(n -> List.of(parts).stream().allMatch(n::contains))
                .findFirst().orElseThrow(() -> new AssertionError("no symbol with " + List.of(parts)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsample-legacy", "rsample-v0"})
    void rustSimplePathIsTheSameForBothManglings(String fixture) {
        String bump = symbolOf(fixture, "7Counter", "4bump");
        assertThat(RustDemangler.simplePath(bump)).contains("rsample::Counter::bump");
        assertThat(Demangler.matchNames(bump)).contains(bump, "rsample::Counter::bump")
                .contains(Demangler.demangle(bump).orElseThrow());
        assertThat(Demangler.matchNames(bump)).anyMatch(n -> Pattern.compile("rsample::Counter::bump$").matcher(n).find());
    }

    @Test
    void rustLegacyFullNameKeepsTheHashLikeCxxfilt() {
        String bump = symbolOf("rsample-legacy", "7Counter", "4bump");
        String hash = bump.substring(bump.length() - 18, bump.length() - 1);
        assertThat(Demangler.demangle(bump)).contains("rsample::Counter::bump::" + hash);
        assertThat(Demangler.demangleConcise(bump)).contains("rsample::Counter::bump");
    }

    @Test
    void rustV0GenericsAndTraitImplsReduceToThePath() {
        String largest = symbolOf("demangle-rs-v0", "7largest", "lE");
        assertThat(Demangler.demangle(largest).orElseThrow()).matches("generics\\[[0-9a-f]+\\]::largest::<i32>");
        assertThat(RustDemangler.simplePath(largest)).contains("generics::largest");
        String wrapperGet = symbolOf("demangle-rs-v0", "7Wrapper", "3get");
        assertThat(RustDemangler.simplePath(wrapperGet)).contains("generics::Wrapper::get");
        String legacyGet = symbolOf("demangle-rs-legacy", "Wrapper", "3get");
        assertThat(RustDemangler.simplePath(legacyGet)).contains("generics::Wrapper::get");
        String traitImpl = symbolOf("demangle-rs-v0", "6Square", "4Area4area");
        assertThat(RustDemangler.simplePath(traitImpl)).contains("<generics::Square as generics::Area>::area");
    }

    @Test
    void cppMatchNamesIncludeTheNameWithoutParameters() {
        String area = symbolOf("shapes-O0", "4Rect4area");
        assertThat(Demangler.demangle(area)).contains("shapes::Rect::area() const");
        assertThat(Demangler.matchNames(area)).containsExactly(area, "shapes::Rect::area() const", "shapes::Rect::area");
        assertThat(ItaniumDemangler.nameWithoutParameters(area)).contains("shapes::Rect::area");
    }

    @Test
    void cppCloneAndTemplateNamesReduceToTheQualifiedName() {
        String cold = symbolOf("shapes-O2", "7thrower", ".cold");
        assertThat(Demangler.demangle(cold)).contains("shapes::thrower(int) [clone .cold]");
        assertThat(ItaniumDemangler.nameWithoutParameters(cold)).contains("shapes::thrower");
        String cast = symbolOf("demangle-cpp-O0", "4castIdEE");
        assertThat(Demangler.demangle(cast)).contains("geo::Vec<double, 3> geo::Vec<int, 3>::cast<double>() const");
        assertThat(ItaniumDemangler.nameWithoutParameters(cast)).contains("geo::Vec<int, 3>::cast<double>");
    }

    @Test
    void rustSymbolsAreNotDemangledAsCppByTheRustEntryPoint() {
        String area = symbolOf("shapes-O0", "4Rect4area");
        assertThat(RustDemangler.demangle(area)).isEmpty();
        assertThat(RustDemangler.simplePath(area)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "main", "printf", "_Z", "_R", "_ZN", "_ZNE", "_Z1", "_Z3foo", "_RNv", "_ZN3foo17h0123456789abcdefE",
        "_ZN3foo17h0000000000000000E", "_Z1fv.", "_Z1fvX", "__Z1fv", "_Z1fT_", "_ZS_", "@_Z1fv", "_R3foo"})
    void notMangledOrMalformedGivesEmpty(String symbol) {
        if (symbol.equals("_Z3foo")) {
            // A mangled data name: valid, c++filt prints "foo".
            assertThat(Demangler.demangle(symbol)).contains("foo");
            return;
        }
        if (symbol.equals("_ZN3foo17h0123456789abcdefE")) {
            assertThat(Demangler.demangle(symbol)).contains("foo::h0123456789abcdef");
            return;
        }
        if (symbol.equals("_ZN3foo17h0000000000000000E")) {
            // Too few distinct hex digits for a Rust hash: it is the C++ name foo::h0000000000000000.
            assertThat(RustDemangler.demangle(symbol)).isEmpty();
            assertThat(Demangler.demangle(symbol)).contains("foo::h0000000000000000");
            return;
        }
        assertThat(Demangler.demangle(symbol)).isEmpty();
        assertThat(Demangler.matchNames(symbol)).containsExactly(symbol);
    }

    @Test
    void nullIsEmptyNotAnException() {
        assertThat(Demangler.demangle(null)).isEmpty();
        assertThat(Demangler.demangleConcise(null)).isEmpty();
        assertThat(Demangler.matchNames(null)).isEmpty();
        assertThat(RustDemangler.simplePath(null)).isEmpty();
        assertThat(ItaniumDemangler.demangle(null)).isEmpty();
    }

    @Test
    void versionSuffixIsKept() {
        assertThat(Demangler.demangle("_ZSt4cout@GLIBCXX_3.4")).contains("std::cout@GLIBCXX_3.4");
        assertThat(Demangler.demangleConcise("_ZNSs4swapERSs@@GLIBCXX_3.4")).contains("std::string::swap(std::string&)@@GLIBCXX_3.4");
        assertThat(Demangler.matchNames("_ZSt4cout@GLIBCXX_3.4")).contains("std::cout");
    }

    @Test
    void matchNamesOfAStandardAbbreviationIncludeBothSpellings() {
        List<String> names = Demangler.matchNames("_ZNSs4swapERSs");
        assertThat(names).contains("std::string::swap(std::string&)", "std::string::swap",
                "std::basic_string<char, std::char_traits<char>, std::allocator<char> >::swap");
        assertThat(names.get(1)).isEqualTo(CxxFilt.demangle(List.of("_ZNSs4swapERSs")).get(0));
    }
}
