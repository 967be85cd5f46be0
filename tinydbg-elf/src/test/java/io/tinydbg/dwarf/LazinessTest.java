package io.tinydbg.dwarf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Listing functions must not build DIE trees; reading one function indexes only its own unit. */
class LazinessTest {
    @Test
    void functionScanBuildsNoTrees() {
        Dwarf d = FunctionEntriesTest.open("gosample");
        assertThat(d.units().size()).isGreaterThan(10);
        assertThat(d.functionEntries()).isNotEmpty();
        assertThat(d.addressLookup().functionAt(d.functionEntries().get(0).entryPc())).isPresent();
        assertThat(d.indexedUnitCount()).isZero();
        d.function(ParametersTestSupport.entry(d, "main.Divide"));
        // Its own unit, plus the unit where the Go linker put shared types (error, int): not every unit.
        assertThat(d.indexedUnitCount()).isBetween(1, 3).isLessThan(d.units().size() / 4);
    }

    @Test
    void resultsAreComputedOnce() {
        Dwarf d = FunctionEntriesTest.open("sample-O2");
        assertThat(d.functionEntries()).isSameAs(d.functionEntries());
        assertThat(d.inlinedInstances()).isSameAs(d.inlinedInstances());
        assertThat(d.addressLookup()).isSameAs(d.addressLookup());
        FunctionEntry f = ParametersTestSupport.entry(d, "work");
        assertThat(d.type(d.function(f).parameters().get(0).type().dieOffset()))
                .isSameAs(d.function(f).parameters().get(0).type());
    }
}
