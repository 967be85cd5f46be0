package io.tinydbg.index;

import io.tinydbg.dwarf.FunctionEntry;
import io.tinydbg.elf.ElfSymbol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every function of a binary, one per entry address, merged from DWARF and the symbol tables, sorted by entry, with
 * an interval index over their code ranges. A symbol inside another function's code (the {@code foo.cold} part the
 * compiler split off {@code foo}) is recorded as a part of that function, not as a function of its own: a
 * breakpoint there would report calls that never happened.
 */
final class CandidateTable {
    private final List<Candidate> byEntry;
    private final Map<Long, Candidate> entries;
    private final Map<String, Long> parts;
    private final long[] rangeLow;
    private final long[] rangeHigh;
    private final Candidate[] rangeOwner;

    private CandidateTable(List<Candidate> byEntry, Map<String, Long> parts) {
        this.byEntry = byEntry;
        this.parts = parts;
        this.entries = new HashMap<>(byEntry.size() * 2);
        record Interval(long low, long high, Candidate owner) {
        }
        List<Interval> intervals = new ArrayList<>();
        for (Candidate c : byEntry) {
            entries.put(c.entry(), c);
            for (AddressRange r : c.ranges()) {
                if (r.high() > r.low()) {
                    intervals.add(new Interval(r.low(), r.high(), c));
                }
            }
        }
        intervals.sort(Comparator.comparingLong(Interval::low));
        rangeLow = new long[intervals.size()];
        rangeHigh = new long[intervals.size()];
        rangeOwner = new Candidate[intervals.size()];
        for (int i = 0; i < intervals.size(); i++) {
            rangeLow[i] = intervals.get(i).low();
            rangeHigh[i] = intervals.get(i).high();
            rangeOwner[i] = intervals.get(i).owner();
        }
    }

    /** Merges DWARF's functions (preferred for names and ranges) with every function symbol. */
    static CandidateTable build(Collection<FunctionEntry> dwarfFunctions, List<ElfSymbol> symbols) {
        Map<String, Long> symbolAddress = new HashMap<>(symbols.size() * 2);
        for (ElfSymbol s : symbols) {
            symbolAddress.putIfAbsent(s.name(), s.value());
        }
        Map<Long, Candidate> byAddress = new HashMap<>();
        for (FunctionEntry e : dwarfFunctions) {
            String name = e.qualifiedName().isEmpty() ? e.name() : e.qualifiedName();
            if (name.isEmpty() || e.entryPc() == 0) {
                continue;
            }
            Candidate existing = byAddress.get(e.entryPc());
            if (existing != null) {
                existing.addSymbolName(name);
                continue;
            }
            List<AddressRange> ranges = new ArrayList<>();
            for (io.tinydbg.dwarf.AddressRange r : e.ranges()) {
                ranges.add(new AddressRange(r.low(), r.high()));
            }
            // A C++ constructor or destructor's DIE names one variant (D2) while this code may be another (D0);
            // the symbol at the entry, added below, then names it.
            String linkage = e.linkageName();
            Long linkageAt = linkage.isEmpty() ? null : symbolAddress.get(linkage);
            if (linkageAt != null && linkageAt != e.entryPc()) {
                linkage = "";
            }
            byAddress.put(e.entryPc(), new Candidate(name, linkage, e.entryPc(), ranges, e));
        }
        CandidateTable dwarfOnly = new CandidateTable(sorted(byAddress.values()), Map.of());
        Map<String, Long> parts = new HashMap<>();
        for (ElfSymbol s : symbols) {
            Candidate at = byAddress.get(s.value());
            if (at != null) {
                at.addSymbolName(s.name());
                continue;
            }
            Optional<Candidate> owner = dwarfOnly.containing(s.value());
            if (owner.isPresent()) {
                parts.put(s.name(), s.value());
                continue;
            }
            String display = SymbolNames.display(s.name());
            String linkage = display.equals(s.name()) ? "" : s.name();
            List<AddressRange> range = s.size() > 0 ? List.of(new AddressRange(s.value(), s.value() + s.size()))
                    : List.of();
            byAddress.put(s.value(), new Candidate(display, linkage, s.value(), range, null));
        }
        return new CandidateTable(sorted(byAddress.values()), parts);
    }

    private static List<Candidate> sorted(Collection<Candidate> candidates) {
        List<Candidate> list = new ArrayList<>(candidates);
        list.sort(Comparator.comparingLong(Candidate::entry));
        return List.copyOf(list);
    }

    List<Candidate> all() {
        return byEntry;
    }

    Optional<Candidate> atEntry(long entry) {
        return Optional.ofNullable(entries.get(entry));
    }

    /** Symbols that name a split-off part of another function, with their addresses. */
    Map<String, Long> parts() {
        return parts;
    }

    /** The function whose code contains {@code pc}, by binary search over the sorted ranges. */
    Optional<Candidate> containing(long pc) {
        int i = Arrays.binarySearch(rangeLow, pc);
        if (i < 0) {
            i = -i - 2;
        }
        // Ranges do not overlap in sane binaries; look back a little in case a few do.
        for (int j = i; j >= 0 && j > i - 8; j--) {
            if (pc >= rangeLow[j] && pc < rangeHigh[j]) {
                return Optional.of(rangeOwner[j]);
            }
        }
        return Optional.empty();
    }
}
