package io.tinydbg.dwarf;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Finds the function and the chain of inlined copies at a pc, by binary search over sorted ranges. */
public final class AddressLookup {
    private final List<FunctionEntry> functions;
    private final List<InlinedInstance> inlined;
    private final IntervalIndex functionIndex;
    private final IntervalIndex inlinedIndex;

    AddressLookup(List<FunctionEntry> functions, List<InlinedInstance> inlined) {
        this.functions = functions;
        this.inlined = inlined;
        List<List<AddressRange>> f = new ArrayList<>(functions.size());
        functions.forEach(e -> f.add(e.ranges()));
        List<List<AddressRange>> in = new ArrayList<>(inlined.size());
        inlined.forEach(e -> in.add(e.ranges()));
        this.functionIndex = new IntervalIndex(f);
        this.inlinedIndex = new IntervalIndex(in);
    }

    /** The function whose code contains {@code pc} (the innermost, should functions nest). */
    public Optional<FunctionEntry> functionAt(long pc) {
        List<Integer> hits = functionIndex.containing(pc);
        return hits.isEmpty() ? Optional.empty() : Optional.of(functions.get(hits.get(0)));
    }

    /** The inlined copies whose code contains {@code pc}, outermost first; empty when none. */
    public List<InlinedInstance> inlinedChainAt(long pc) {
        List<InlinedInstance> out = new ArrayList<>();
        for (int i : inlinedIndex.containing(pc)) {
            out.add(inlined.get(i));
        }
        out.sort(Comparator.comparingInt(InlinedInstance::depth));
        return out;
    }
}
