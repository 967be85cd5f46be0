package io.tinydbg.elf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.testing.Oracle;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The defined functions of {@code .symtab} and {@code .dynsym} equal what {@code nm} and {@code nm -D} list. */
class NmTest {
    static List<Path> fixtures() {
        return ElfFixtures.all();
    }

    private static final java.util.regex.Pattern POSIX =
            java.util.regex.Pattern.compile("^(.*) ([A-Za-z]) ([0-9a-f]+)(?: ([0-9a-f]*))?\\s*$");

    /** nm's letters for functions: text (T/t), weak (W/w, only when it is code), GNU indirect (i). */
    private static Set<String> nm(Path file, boolean dynamic) {
        List<String> cmd = dynamic
                ? List.of("nm", "-D", "--defined-only", "--format=posix", file.toString())
                : List.of("nm", "--defined-only", "--format=posix", file.toString());
        Set<String> result = new TreeSet<>();
        for (String line : Oracle.run(cmd).split("\n")) {
            // Names may contain spaces (Go's "type..eq.struct { ... }"), so parse from the right.
            java.util.regex.Matcher m = POSIX.matcher(line);
            if (m.matches() && m.group(2).matches("[TtWwi]")) {
                result.add(m.group(1).replace("@@", "@") + " " + Long.parseUnsignedLong(m.group(3), 16));
            }
        }
        return result;
    }

    /**
     * Our symbols that nm gives those letters: weak symbols that are not objects (W), GNU indirect functions (i),
     * and other defined symbols in code sections (T/t), which includes untyped labels there.
     */
    private static Set<String> ours(List<ElfSymbol> symbols, ElfFile elf) {
        Set<String> result = new TreeSet<>();
        for (ElfSymbol s : symbols) {
            if (!s.isDefined() || s.type() == ElfSymbol.STT_FILE || s.type() == ElfSymbol.STT_SECTION
                    || s.name().isEmpty()) {
                continue;
            }
            boolean weak = s.binding() == ElfSymbol.STB_WEAK;
            boolean inCode = s.sectionIndex() < elf.sections().size()
                    && elf.sections().get(s.sectionIndex()).isExecutable();
            if ((weak && s.type() != ElfSymbol.STT_OBJECT) || s.type() == ElfSymbol.STT_GNU_IFUNC
                    || (!weak && inCode)) {
                result.add(s.nameWithVersion() + " " + s.value());
            }
        }
        return result;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void definedFunctionsEqualNm(Path file) {
        try (ElfFile elf = ElfFile.open(file)) {
            if (!elf.symbols().isEmpty()) {
                assertThat(ours(elf.symbols(), elf)).isNotEmpty().containsExactlyInAnyOrderElementsOf(nm(file, false));
                assertThat(elf.symbols()).anyMatch(ElfSymbol::isDefinedFunction);
            }
            if (!elf.dynamicSymbols().isEmpty()) {
                assertThat(ours(elf.dynamicSymbols(), elf)).containsExactlyInAnyOrderElementsOf(nm(file, true));
            }
        }
    }
}
