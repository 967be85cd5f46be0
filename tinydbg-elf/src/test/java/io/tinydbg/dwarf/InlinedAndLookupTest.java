package io.tinydbg.dwarf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.dwarf.testsupport.Symbols;
import io.tinydbg.testing.Fixtures;
import io.tinydbg.testing.Oracle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Inlined instances against readelf, and pc lookups against the symbol table. */
class InlinedAndLookupTest {
    private static final Pattern CALL_LINE = Pattern.compile("DW_AT_call_line\\s*:\\s*(?:0x)?([0-9a-f]+)");

    /** DW_AT_call_line of every DW_TAG_inlined_subroutine, in readelf's order (0 when absent). */
    static List<Integer> readelfCallLines(String fixture) {
        String out = Oracle.run("readelf", "--debug-dump=info", Fixtures.path(fixture).toString());
        List<Integer> lines = new ArrayList<>();
        boolean inInlined = false;
        for (String line : out.split("\n")) {
            if (line.contains("Abbrev Number:")) {
                inInlined = line.contains("(DW_TAG_inlined_subroutine)");
                if (inInlined) {
                    lines.add(0);
                }
                continue;
            }
            Matcher m = CALL_LINE.matcher(line);
            if (inInlined && m.find()) {
                boolean hex = line.contains(": 0x");
                lines.set(lines.size() - 1, Integer.parseInt(m.group(1), hex ? 16 : 10));
            }
        }
        return lines;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sample-O2", "dwarf-types-O2", "dwarf-types-v4-O2", "shapes-O2", "gosample",
            "rsample-v0"})
    void inlinedInstancesEqualReadelfs(String fixture) {
        Dwarf d = FunctionEntriesTest.open(fixture);
        List<Integer> expected = readelfCallLines(fixture);
        List<Integer> ours = d.inlinedInstances().stream().map(InlinedInstance::callLine).toList();
        assertThat(ours).isEqualTo(expected);
        assertThat(expected).isNotEmpty();
    }

    /** Offsets readelf names as DW_AT_abstract_origin of a DW_TAG_inlined_subroutine. */
    static java.util.Set<Long> readelfInlinedOrigins(String fixture) {
        String out = Oracle.run("readelf", "--debug-dump=info", Fixtures.path(fixture).toString());
        java.util.Set<Long> origins = new java.util.HashSet<>();
        Pattern origin = Pattern.compile("DW_AT_abstract_origin\\s*: <0x([0-9a-f]+)>");
        boolean inInlined = false;
        for (String line : out.split("\n")) {
            if (line.contains("Abbrev Number:")) {
                inInlined = line.contains("(DW_TAG_inlined_subroutine)");
                continue;
            }
            Matcher m = origin.matcher(line);
            if (inInlined && m.find()) {
                origins.add(Long.parseLong(m.group(1), 16));
            }
        }
        return origins;
    }

    @ParameterizedTest
    @ValueSource(strings = {"shapes-O2", "gosample"})
    void hasInlinedCopiesMatchesReadelfsOrigins(String fixture) {
        Dwarf d = FunctionEntriesTest.open(fixture);
        java.util.Set<Long> origins = readelfInlinedOrigins(fixture);
        int withCopies = 0;
        for (FunctionEntry f : d.functionEntries()) {
            boolean expected = origins.contains(f.originOffset()) || origins.contains(f.dieOffset());
            assertThat(d.function(f).hasInlinedCopies()).as(f.qualifiedName()).isEqualTo(expected);
            withCopies += expected ? 1 : 0;
        }
        assertThat(withCopies).isPositive();
    }

    @Test
    void squareIsInlinedIntoSumSquares() {
        Dwarf d = FunctionEntriesTest.open("sample-O2");
        FunctionEntry sum = ParametersTestSupport.entry(d, "sum_squares");
        List<InlinedInstance> squares = d.inlinedInstances().stream().filter(i -> i.name().equals("square")).toList();
        assertThat(squares).isNotEmpty().allSatisfy(i -> {
            assertThat(i.containingFunctionDie()).isEqualTo(sum.dieOffset());
            assertThat(i.depth()).isEqualTo(1);
            assertThat(i.callLine()).isEqualTo(110);
        });
        long pc = squares.get(0).ranges().get(0).low();
        assertThat(d.addressLookup().functionAt(pc)).contains(sum);
        assertThat(d.addressLookup().inlinedChainAt(pc)).extracting(InlinedInstance::name).containsExactly("square");
    }

    @ParameterizedTest
    @ValueSource(strings = {"shapes-O2", "rsample-v0", "gosample"})
    void inlinedChainsNestOutermostFirst(String fixture) {
        Dwarf d = FunctionEntriesTest.open(fixture);
        AddressLookup lookup = d.addressLookup();
        int nested = 0;
        List<InlinedInstance> all = d.inlinedInstances();
        for (int i = 0; i < all.size(); i += 7) {
            InlinedInstance in = all.get(i);
            if (in.ranges().isEmpty() || in.containingFunctionDie() < 0) {
                continue;
            }
            long pc = in.ranges().get(0).low();
            List<InlinedInstance> chain = lookup.inlinedChainAt(pc);
            assertThat(chain).as("chain at 0x%x", pc).contains(in);
            FunctionEntry f = lookup.functionAt(pc).orElseThrow();
            for (int k = 0; k < chain.size(); k++) {
                assertThat(chain.get(k).depth()).isEqualTo(k + 1);
                assertThat(chain.get(k).containingFunctionDie()).isEqualTo(f.dieOffset());
            }
            if (in.depth() > 1) {
                nested++;
            }
        }
        assertThat(nested).as("nested copies checked").isPositive();
    }

    @Test
    void coldPartBelongsToItsFunction() {
        Dwarf d = FunctionEntriesTest.open("dwarf-types-O2");
        List<Symbols.Function> symbols = Symbols.functions(Fixtures.path("dwarf-types-O2"));
        Symbols.Function hot = symbols.stream().filter(s -> s.name().equals("list_length")).findFirst().orElseThrow();
        Symbols.Function cold = symbols.stream().filter(s -> s.name().equals("list_length.cold")).findFirst()
                .orElseThrow();
        FunctionEntry f = ParametersTestSupport.entry(d, "list_length");
        assertThat(f.ranges()).hasSize(2);
        assertThat(f.entryPc()).isEqualTo(hot.address());
        assertThat(d.addressLookup().functionAt(cold.address())).contains(f);
        assertThat(d.addressLookup().functionAt(cold.address() + cold.size() - 1)).contains(f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sample-O2", "shapes-O2", "gosample", "rsample-legacy", "dwarf-sample-64"})
    void everyFunctionSymbolLooksUpToItsEntry(String fixture) {
        Dwarf d = FunctionEntriesTest.open(fixture);
        AddressLookup lookup = d.addressLookup();
        int checked = 0;
        for (Symbols.Function s : Symbols.functions(Fixtures.path(fixture))) {
            Optional<FunctionEntry> f = lookup.functionAt(s.address());
            if (f.isEmpty() || s.name().contains(".cold")) {
                continue; // no DWARF for this symbol (start files, libc pieces)
            }
            String symbol = FunctionEntriesTest.goName(s.name());
            if (!symbol.equals(FunctionEntriesTest.symbolName(f.get()))) {
                continue; // aliases
            }
            assertThat(f.get().entryPc()).as(s.name()).isEqualTo(s.address());
            assertThat(lookup.functionAt(s.address() + s.size() - 1)).as("last byte of %s", s.name()).contains(f.get());
            checked++;
        }
        assertThat(checked).isGreaterThan(5);
        assertThat(lookup.functionAt(0)).isEmpty();
    }
}
