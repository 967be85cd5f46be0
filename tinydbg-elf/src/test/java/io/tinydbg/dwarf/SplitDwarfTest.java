package io.tinydbg.dwarf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.dwarf.testsupport.DwoSections;
import io.tinydbg.dwarf.testsupport.FixtureSections;
import io.tinydbg.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code .dwo} objects of {@code -gsplit-dwarf} use the indexed forms gcc does not emit otherwise (strx,
 * addrx, loclistx, rnglistx): their DIE trees against readelf, their function names against gdb (readelf 2.40
 * resolves .dwo strings without the .debug_str_offsets header and prints wrong names), their lists decoded.
 */
class SplitDwarfTest {
    @ParameterizedTest
    @ValueSource(strings = {"dwarf-sample-split", "dwarf-sample-split-O2"})
    void dwoTreeEqualsReadelfs(String binary) {
        String dwo = binary + "-sample.dwo";
        Dwarf d = Dwarf.from(new DwoSections(FixtureSections.read(Fixtures.path(dwo)),
                FixtureSections.read(Fixtures.path(binary))));
        assertThat(d.units()).allSatisfy(u -> assertThat(u.unitType()).isEqualTo(DwarfConstants.UT_SPLIT_COMPILE));
        List<String> ours = new ArrayList<>();
        for (CompileUnit u : d.units()) {
            DieTreeTest.walk(d.root(u), 0, ours);
        }
        List<String> expected = DieTreeTest.readelfDies(dwo, ".dwo");
        assertThat(ours).hasSameSizeAs(expected);
        for (int i = 0; i < ours.size(); i++) {
            String[] e = expected.get(i).split(" ", 4);
            String[] o = ours.get(i).split(" ", 4);
            assertThat(o[0] + " " + o[1]).isEqualTo(e[0] + " " + e[1]);
        }
        UnitInfo info = d.unitInfo(d.units().get(0));
        assertThat(info.name()).endsWith("/c/sample.c");
        assertThat(info.producer()).startsWith("GNU C17");
        java.util.Set<String> functions = new java.util.TreeSet<>();
        for (Die c : d.root(d.units().get(0)).children()) {
            if (c.tag() == DwarfConstants.TAG_SUBPROGRAM && c.has(DwarfConstants.AT_LOW_PC)) {
                functions.add(c.name());
            }
        }
        assertThat(functions).isEqualTo(new java.util.TreeSet<>(QualifiedNamesTest.gdbFunctionsOf(binary)));
    }

    @org.junit.jupiter.api.Test
    void optimizedDwoHasIndexedLocationAndRangeLists() {
        Dwarf d = Dwarf.from(new DwoSections(FixtureSections.read(Fixtures.path("dwarf-sample-split-O2-sample.dwo")),
                FixtureSections.read(Fixtures.path("dwarf-sample-split-O2"))));
        int loclists = 0;
        int rnglists = 0;
        List<Die> todo = new ArrayList<>(List.of(d.root(d.units().get(0))));
        while (!todo.isEmpty()) {
            Die die = todo.remove(todo.size() - 1);
            todo.addAll(die.children());
            var loc = die.attribute(DwarfConstants.AT_LOCATION);
            if (loc.isPresent() && loc.get().kind() == AttributeValue.Kind.LOCLISTX) {
                LocationDescription l = LocationLists.of(die.context(), loc);
                assertThat(((LocationDescription.LocationList) l).entries()).isNotEmpty();
                loclists++;
            }
            var ranges = die.attribute(DwarfConstants.AT_RANGES);
            if (ranges.isPresent() && ranges.get().kind() == AttributeValue.Kind.RNGLISTX) {
                assertThat(RangeLists.read(die.context(), ranges.get())).isNotEmpty();
                rnglists++;
            }
        }
        assertThat(loclists).isPositive();
        assertThat(rnglists).isPositive();
    }
}
