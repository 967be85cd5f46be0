package io.tinydbg.dwarf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.dwarf.testsupport.FixtureSections;
import io.tinydbg.dwarf.testsupport.Symbols;
import io.tinydbg.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Function entries against the symbol table ({@code readelf --syms}) and {@code .debug_aranges}. */
class FunctionEntriesTest {

    static Dwarf open(String fixture) {
        return Dwarf.from(FixtureSections.read(Fixtures.path(fixture)));
    }

    /** The symbol a function entry should have: its linkage name, else its plain name. */
    static String symbolName(FunctionEntry f) {
        return f.linkageName().isEmpty() ? f.name() : f.linkageName();
    }

    /**
     * The Go linker names the ABI0 wrapper of a function ({@code runtime.osinit.abi0} in the symbol table) in DWARF
     * without the suffix, as a second subprogram of the same name.
     */
    static String goName(String symbol) {
        return symbol.endsWith(".abi0") ? symbol.substring(0, symbol.length() - 5) : symbol;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sample-O0", "sample-O2", "sample-dwarf4", "sample-dwarf4-O2", "sample-dwarf5",
            "sample-gz", "dwarf-sample-v2", "dwarf-sample-v3", "dwarf-sample-64", "dwarf-sample-64-v4",
            "dwarf-types-O0", "dwarf-types-O2", "dwarf-types-v4-O2", "shapes-O0", "shapes-O2",
            "dwarf-shapes-tu4", "dwarf-shapes-tu5", "libsample.so", "gosample", "gosample-nl",
            "gosample-nocompress", "rsample-legacy", "rsample-v0"})
    void entriesHaveTheirSymbolsAddress(String fixture) {
        Path bin = Fixtures.path(fixture);
        List<FunctionEntry> entries = open(fixture).functionEntries();
        Map<String, List<Long>> symbols = new HashMap<>();
        for (Symbols.Function s : Symbols.functions(bin)) {
            symbols.computeIfAbsent(goName(s.name()), k -> new ArrayList<>()).add(s.address());
        }
        int matched = 0;
        for (FunctionEntry f : entries) {
            List<Long> addresses = symbols.get(symbolName(f));
            if (addresses != null) {
                assertThat(addresses).as("symbol address of %s (%s)", f.qualifiedName(), fixture)
                        .contains(f.entryPc());
                matched++;
            }
        }
        assertThat(matched).as("entries with a symbol").isGreaterThan(entries.size() * 8 / 10);
    }

    /** Every sized FUNC symbol inside a unit's .debug_aranges has an entry at its address (cold parts a range). */
    @ParameterizedTest
    @ValueSource(strings = {"sample-O0", "sample-O2", "sample-dwarf4", "sample-dwarf4-O2", "sample-dwarf5",
            "dwarf-sample-v2", "dwarf-sample-v3", "dwarf-sample-64", "dwarf-sample-64-v4", "dwarf-types-O2",
            "dwarf-types-v4-O2", "shapes-O0", "shapes-O2", "dwarf-shapes-tu4", "dwarf-shapes-tu5", "libsample.so",
            "rsample-legacy", "rsample-v0"})
    void everySymbolInADwarfUnitHasAnEntry(String fixture) {
        Path bin = Fixtures.path(fixture);
        List<long[]> aranges = Symbols.aranges(bin);
        assertThat(aranges).as("aranges of %s", fixture).isNotEmpty();
        List<FunctionEntry> entries = open(fixture).functionEntries();
        Set<Long> entryPcs = entries.stream().map(FunctionEntry::entryPc).collect(Collectors.toSet());
        Set<Long> rangeStarts = entries.stream().flatMap(f -> f.ranges().stream()).map(AddressRange::low)
                .collect(Collectors.toSet());
        int checked = 0;
        for (Symbols.Function s : Symbols.functions(bin)) {
            boolean covered = aranges.stream().anyMatch(r -> s.address() >= r[0] && s.address() < r[1]);
            if (!covered) {
                continue;
            }
            checked++;
            if (s.name().contains(".cold")) {
                assertThat(rangeStarts).as("cold part %s of %s", s.name(), fixture).contains(s.address());
            } else {
                assertThat(entryPcs).as("entry for symbol %s of %s", s.name(), fixture).contains(s.address());
            }
        }
        assertThat(checked).isGreaterThan(2);
    }

    /** Go has no .debug_aranges: every sized function symbol of the Go binary has an entry. */
    @ParameterizedTest
    @ValueSource(strings = {"gosample", "gosample-nl", "gosample-nocompress"})
    void everyGoFunctionSymbolHasAnEntry(String fixture) {
        List<FunctionEntry> entries = open(fixture).functionEntries();
        Map<String, Set<Long>> byName = new HashMap<>();
        entries.forEach(f -> byName.computeIfAbsent(f.name(), k -> new java.util.HashSet<>()).add(f.entryPc()));
        List<String> missing = new ArrayList<>();
        for (Symbols.Function s : Symbols.functions(Fixtures.path(fixture))) {
            Set<Long> pcs = byName.getOrDefault(goName(s.name()), Set.of());
            if (!pcs.contains(s.address())) {
                missing.add(s.name());
            }
        }
        assertThat(missing).as("symbols without a matching entry").isEmpty();
    }
}
