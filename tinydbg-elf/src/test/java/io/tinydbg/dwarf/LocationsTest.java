package io.tinydbg.dwarf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.testing.Fixtures;
import io.tinydbg.testing.Oracle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Location lists ({@code .debug_loc} of DWARF 3/4 and Go, {@code .debug_loclists} of DWARF 5, 64-bit DWARF) against
 * the ranges gdb's {@code info scope} prints for each multi-location symbol.
 */
class LocationsTest {
    private static final Pattern SYMBOL = Pattern.compile("^Symbol (\\S+) is (.*)$");
    private static final Pattern RANGE = Pattern.compile("Range 0x([0-9a-f]+)-0x([0-9a-f]+)");

    /** Per symbol: "multi" followed by its ranges, or "single". */
    static Map<String, List<String>> gdbLocations(String fixture, String function) {
        String quoted = function.contains(".") ? "'" + function + "'" : function;
        String out = Oracle.run("gdb", "-batch", "-nx", "-ex", "info scope " + quoted, Fixtures.path(fixture).toString());
        Map<String, List<String>> symbols = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : out.split("\n")) {
            Matcher s = SYMBOL.matcher(line);
            if (s.find()) {
                current = new ArrayList<>();
                current.add(s.group(2).startsWith("multi-location") ? "multi" : "single");
                symbols.putIfAbsent(s.group(1), current);
                continue;
            }
            Matcher r = RANGE.matcher(line);
            if (current != null && r.find()) {
                current.add(r.group(1) + "-" + r.group(2));
            }
        }
        return symbols;
    }

    static List<String> ours(LocationDescription loc) {
        List<String> out = new ArrayList<>();
        if (loc instanceof LocationDescription.LocationList list) {
            out.add("multi");
            for (LocationListEntry e : list.entries()) {
                out.add(Long.toHexString(e.low()) + "-" + Long.toHexString(e.high()));
            }
        } else {
            out.add("single");
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"dwarf-types-O2, list_length", "dwarf-types-O2, walk", "dwarf-types-v4-O2, list_length",
            "sample-dwarf4-O2, mix_unsigned", "sample-dwarf4-O2, greet", "sample-O2, many_args",
            "sample-O2, flag_level", "dwarf-sample-v3, greet", "dwarf-sample-v3, apply",
            "dwarf-sample-64, mix_unsigned", "dwarf-sample-64, apply", "gosample, main.Divide",
            "gosample, main.Describe", "gosample, main.(*Counter).Bump"})
    void parameterLocationsEqualGdbs(String fixture, String function) {
        Dwarf d = FunctionEntriesTest.open(fixture);
        DwarfFunction f = ParametersTest.function(d, function);
        Map<String, List<String>> gdb = gdbLocations(fixture, function);
        int lists = 0;
        for (Parameter p : f.parameters()) {
            List<String> theirs = gdb.get(p.name());
            if (theirs == null) {
                continue; // gdb omits parameters with no location at all
            }
            assertThat(ours(p.location())).as("%s of %s", p.name(), function).isEqualTo(theirs);
            if (theirs.get(0).equals("multi")) {
                lists++;
                long pc = ((LocationDescription.LocationList) p.location()).entries().get(0).low();
                assertThat(p.location().at(pc)).isPresent();
            }
        }
        assertThat(lists).as("parameters with location lists").isPositive();
    }
}
