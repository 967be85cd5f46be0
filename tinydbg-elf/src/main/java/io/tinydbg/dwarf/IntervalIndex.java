package io.tinydbg.dwarf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Intervals sorted by start with a running maximum of ends, so the intervals containing a pc are found by a
 * binary search and a backward walk that stops as soon as no earlier interval can reach the pc (nested inlined
 * ranges stay cheap). Owners are indexes into the caller's list.
 */
final class IntervalIndex {
    private final long[] lows;
    private final long[] highs;
    private final long[] maxHigh;
    private final int[] owners;

    IntervalIndex(List<List<AddressRange>> rangesByOwner) {
        List<long[]> all = new ArrayList<>();
        for (int i = 0; i < rangesByOwner.size(); i++) {
            for (AddressRange r : rangesByOwner.get(i)) {
                all.add(new long[] {r.low(), r.high(), i});
            }
        }
        all.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(b[1], a[1]));
        int n = all.size();
        lows = new long[n];
        highs = new long[n];
        maxHigh = new long[n];
        owners = new int[n];
        long max = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            long[] e = all.get(i);
            lows[i] = e[0];
            highs[i] = e[1];
            owners[i] = (int) e[2];
            max = Math.max(max, e[1]);
            maxHigh[i] = max;
        }
    }

    /** Owners of the intervals containing {@code pc}, innermost (latest start) first. */
    List<Integer> containing(long pc) {
        int i = Arrays.binarySearch(lows, pc);
        if (i < 0) {
            i = -i - 2;
        } else {
            while (i + 1 < lows.length && lows[i + 1] == pc) {
                i++;
            }
        }
        List<Integer> out = new ArrayList<>(2);
        for (; i >= 0 && maxHigh[i] > pc; i--) {
            if (lows[i] <= pc && pc < highs[i] && !out.contains(owners[i])) {
                out.add(owners[i]);
            }
        }
        return out;
    }
}
