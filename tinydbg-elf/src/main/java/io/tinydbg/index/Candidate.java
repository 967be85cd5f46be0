package io.tinydbg.index;

import io.tinydbg.demangle.Demangler;
import io.tinydbg.dwarf.FunctionEntry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A function as the cheap first pass knows it: names to match, entry address and code ranges, and the DWARF entry
 * when debug information describes it. The expensive rest (return sites, callees, parameters) is computed only for
 * the functions a pattern selects, by {@link FunctionDetails}.
 */
final class Candidate {
    private final String name;
    private String linkageName;
    private final long entry;
    private final List<AddressRange> ranges;
    private final FunctionEntry dwarf;
    private final Set<String> aliases = new LinkedHashSet<>();
    private volatile List<String> matchNames;

    Candidate(String name, String linkageName, long entry, List<AddressRange> ranges, FunctionEntry dwarf) {
        this.name = name;
        this.linkageName = linkageName;
        this.entry = entry;
        this.ranges = List.copyOf(ranges);
        this.dwarf = dwarf;
    }

    String name() {
        return name;
    }

    String linkageName() {
        return linkageName;
    }

    long entry() {
        return entry;
    }

    List<AddressRange> ranges() {
        return ranges;
    }

    /** The DWARF subprogram, or null when only a symbol table knows the function. */
    FunctionEntry dwarf() {
        return dwarf;
    }

    /** Other symbol names at the same entry ({@code malloc} and {@code __libc_malloc}, C1/C2 constructors). */
    Set<String> aliases() {
        return aliases;
    }

    /** Adds a symbol found at this entry: it becomes the linkage name if there is none yet, else an alias. */
    void addSymbolName(String symbol) {
        if (symbol.equals(name) || symbol.equals(linkageName)) {
            return;
        }
        matchNames = null;
        if (linkageName.isEmpty() && dwarf != null) {
            linkageName = symbol;
        } else {
            aliases.add(symbol);
        }
    }

    /** Every name a pattern may match: the display name, the linkage name, aliases and their demanglings. */
    List<String> matchNames() {
        List<String> known = matchNames;
        if (known == null) {
            known = List.copyOf(new LinkedHashSet<>(computeMatchNames()));
            matchNames = known;
        }
        return known;
    }

    private List<String> computeMatchNames() {
        List<String> out = new ArrayList<>(2 + aliases.size() * 2);
        out.add(name);
        if (!linkageName.isEmpty()) {
            out.addAll(Demangler.matchNames(linkageName));
        }
        for (String alias : aliases) {
            out.addAll(Demangler.matchNames(alias));
        }
        return out;
    }

    boolean contains(long pc) {
        for (AddressRange r : ranges) {
            if (r.contains(pc)) {
                return true;
            }
        }
        return false;
    }
}
