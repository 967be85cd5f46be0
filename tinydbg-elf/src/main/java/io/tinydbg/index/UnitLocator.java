package io.tinydbg.index;

import io.tinydbg.dwarf.AddressRange;
import io.tinydbg.dwarf.CompileUnit;
import io.tinydbg.dwarf.Dwarf;
import io.tinydbg.dwarf.FunctionEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the DWARF of a function from its entry address by looking only at the compile unit whose ranges hold it.
 * Used where the symbol table already names every function as DWARF would (Go binaries), so that opening a large
 * binary does not scan every unit: a unit's subprograms are read the first time one of its functions is selected.
 */
final class UnitLocator {
    private final Dwarf dwarf;
    private volatile long[] lows;
    private volatile long[] highs;
    private volatile CompileUnit[] owners;
    private final Map<Long, Map<Long, FunctionEntry>> byUnit = new ConcurrentHashMap<>();

    UnitLocator(Dwarf dwarf) {
        this.dwarf = dwarf;
    }

    Optional<FunctionEntry> entryAt(long entry) {
        Optional<CompileUnit> unit = unitAt(entry);
        if (unit.isEmpty()) {
            return Optional.empty();
        }
        Map<Long, FunctionEntry> entries = byUnit.computeIfAbsent(unit.get().offset(), o -> {
            Map<Long, FunctionEntry> m = new HashMap<>();
            for (FunctionEntry f : dwarf.functionEntries(unit.get())) {
                m.putIfAbsent(f.entryPc(), f);
            }
            return m;
        });
        return Optional.ofNullable(entries.get(entry));
    }

    private Optional<CompileUnit> unitAt(long pc) {
        if (lows == null) {
            index();
        }
        int lo = 0;
        int hi = lows.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (lows[mid] <= pc) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found >= 0 && pc < highs[found] ? Optional.of(owners[found]) : Optional.empty();
    }

    private synchronized void index() {
        if (lows != null) {
            return;
        }
        record Range(long low, long high, CompileUnit unit) {
        }
        List<Range> ranges = new ArrayList<>();
        for (CompileUnit u : dwarf.units()) {
            for (AddressRange r : dwarf.unitRanges(u)) {
                ranges.add(new Range(r.low(), r.high(), u));
            }
        }
        ranges.sort(Comparator.comparingLong(Range::low));
        long[] l = new long[ranges.size()];
        long[] h = new long[ranges.size()];
        CompileUnit[] o = new CompileUnit[ranges.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = ranges.get(i).low();
            h[i] = ranges.get(i).high();
            o[i] = ranges.get(i).unit();
        }
        highs = h;
        owners = o;
        lows = l;
    }
}
