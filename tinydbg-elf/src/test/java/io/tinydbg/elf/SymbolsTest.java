package io.tinydbg.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code .symtab} and {@code .dynsym} (with GNU versions) compared entry by entry with {@code readelf -sW}. */
class SymbolsTest {
    static List<Path> fixtures() {
        return ElfFixtures.all();
    }

    private static final Map<Integer, String> TYPES = Map.of(0, "NOTYPE", 1, "OBJECT", 2, "FUNC", 3, "SECTION",
            4, "FILE", 5, "COMMON", 6, "TLS", 10, "IFUNC");
    private static final Map<Integer, String> BINDINGS = Map.of(0, "LOCAL", 1, "GLOBAL", 2, "WEAK", 10, "UNIQUE");
    private static final Pattern VERSION_INDEX = Pattern.compile("^(.*?)(?: \\(\\d+\\))?$");

    @ParameterizedTest
    @MethodSource("fixtures")
    void symbolTablesEqualReadelf(Path file) {
        Map<String, List<Readelf.Symbol>> expected = Readelf.symbols(file);
        try (ElfFile elf = ElfFile.open(file)) {
            compare(elf, elf.symbols(), expected.getOrDefault(".symtab", List.of()));
            compare(elf, elf.dynamicSymbols(), expected.getOrDefault(".dynsym", List.of()));
            assertThat(elf.symbols().size() + elf.dynamicSymbols().size())
                    .isEqualTo(expected.values().stream().mapToInt(List::size).sum());
        }
    }

    private static void compare(ElfFile elf, List<ElfSymbol> actual, List<Readelf.Symbol> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (Readelf.Symbol e : expected) {
            ElfSymbol s = actual.get(e.num());
            String where = elf.name() + " symbol " + e.num() + " " + e.name();
            assertThat(s.value()).as(where).isEqualTo(e.value());
            assertThat(s.size()).as(where).isEqualTo(e.size());
            assertThat(TYPES.getOrDefault(s.type(), e.type())).as(where).isEqualTo(e.type());
            assertThat(BINDINGS.getOrDefault(s.binding(), e.bind())).as(where).isEqualTo(e.bind());
            assertThat(ndx(s.sectionIndex())).as(where).isEqualTo(e.ndx());
            Matcher m = VERSION_INDEX.matcher(e.name());
            assertThat(m.matches()).isTrue();
            String shown = m.group(1);
            int at = shown.indexOf('@', 1);
            String name = at > 0 ? shown.substring(0, at) : shown;
            Optional<String> version = at > 0 ? Optional.of(shown.substring(at).replaceFirst("^@@?", ""))
                    : Optional.empty();
            if (s.type() == ElfSymbol.STT_SECTION && s.name().isEmpty()) {
                // readelf prints a section symbol's section name in place of its empty name.
                assertThat(name).isIn("", elf.sections().get(s.sectionIndex()).name());
            } else {
                assertThat(s.name()).as(where).isEqualTo(name);
                if (version.isEmpty() && s.version().equals(Optional.of(s.name()))) {
                    // A version's own definition symbol (ABS "GLIBC_2.10"): readelf omits the redundant suffix.
                    assertThat(s.sectionIndex()).isEqualTo(ElfSymbol.SHN_ABS);
                } else {
                    assertThat(s.version()).as(where).isEqualTo(version);
                }
            }
            assertThat(s.isFunction()).isEqualTo(e.type().equals("FUNC") || e.type().equals("IFUNC"));
            assertThat(s.isDefined()).isEqualTo(!e.ndx().equals("UND"));
        }
    }

    private static String ndx(int shndx) {
        switch (shndx) {
            case 0: return "UND";
            case 0xfff1: return "ABS";
            case 0xfff2: return "COM";
            default: return Integer.toString(shndx);
        }
    }

    @Test
    void libcDynamicSymbolsCarryDefaultAndHiddenVersions() {
        assumeThat(Files.isRegularFile(ElfFixtures.LIBC)).isTrue();
        try (ElfFile elf = ElfFile.open(ElfFixtures.LIBC)) {
            List<String> memcpy = elf.dynamicSymbols().stream().filter(s -> s.name().equals("memcpy"))
                    .map(ElfSymbol::nameWithVersion).sorted().toList();
            assertThat(memcpy).containsExactly("memcpy@GLIBC_2.14", "memcpy@GLIBC_2.2.5");
            assertThat(elf.dynamicSymbols()).filteredOn(s -> s.name().equals("printf"))
                    .singleElement().satisfies(s -> {
                        assertThat(s.version()).contains("GLIBC_2.2.5");
                        assertThat(s.isDefinedFunction()).isTrue();
                    });
            assertThat(elf.soname()).contains("libc.so.6");
        }
    }

    @Test
    void importedSymbolsOfAnExecutableNameTheVersionTheyNeed() {
        try (ElfFile elf = ElfFile.open(io.tinydbg.testing.Fixtures.path("sample-O0"))) {
            assertThat(elf.dynamicSymbols()).filteredOn(s -> s.name().equals("printf")).singleElement()
                    .satisfies(s -> {
                        assertThat(s.version()).contains("GLIBC_2.2.5");
                        assertThat(s.isDefined()).isFalse();
                        assertThat(s.isDefinedFunction()).isFalse();
                    });
        }
    }

    @Test
    void baseNameDropsCompilerCloneSuffixesOnly() {
        assertThat(sym("foo.cold").baseName()).isEqualTo("foo");
        assertThat(sym("foo.part.0").baseName()).isEqualTo("foo");
        assertThat(sym("foo.isra.0.cold").baseName()).isEqualTo("foo");
        assertThat(sym("bar.constprop.12").baseName()).isEqualTo("bar");
        assertThat(sym("main.(*T).Method").baseName()).isEqualTo("main.(*T).Method");
        assertThat(sym(".cold").baseName()).isEqualTo(".cold");
        assertThat(sym("completed.0").baseName()).isEqualTo("completed.0");
    }

    private static ElfSymbol sym(String name) {
        return new ElfSymbol(name, Optional.empty(), 0, 0, ElfSymbol.STT_FUNC, ElfSymbol.STB_LOCAL, 1, 0);
    }
}
