package io.tinydbg.dwarf.line;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the row that covers an address: the sequences of a program sorted by start address, a binary search for
 * the sequence, then a binary search for the last row at or below the address inside it. Addresses compare
 * unsigned. Sequences may overlap (for example code discarded by the linker and left at address 0); the one with
 * the highest start that covers the address wins, and a running maximum of end addresses bounds the walk back.
 */
final class SequenceIndex {
    private final RowTable rows;
    private final long[] start;
    private final long[] end;
    private final long[] maxEndSoFar;
    private final int[] firstRow;
    private final int[] endRow;

    SequenceIndex(RowTable rows) {
        this.rows = rows;
        List<int[]> seqs = new ArrayList<>();
        int first = 0;
        for (int i = 0; i < rows.size(); i++) {
            boolean last = rows.has(i, RowTable.END_SEQUENCE) || i == rows.size() - 1;
            if (last) {
                // An unterminated final sequence (a truncated program) ends at its last row, which covers nothing.
                if (i > first && Long.compareUnsigned(rows.address(first), rows.address(i)) < 0) {
                    seqs.add(new int[] {first, i});
                }
                first = i + 1;
            }
        }
        seqs.sort((a, b) -> {
            int c = Long.compareUnsigned(rows.address(a[0]), rows.address(b[0]));
            return c != 0 ? c : Long.compareUnsigned(rows.address(a[1]), rows.address(b[1]));
        });
        int n = seqs.size();
        start = new long[n];
        end = new long[n];
        maxEndSoFar = new long[n];
        firstRow = new int[n];
        endRow = new int[n];
        for (int i = 0; i < n; i++) {
            firstRow[i] = seqs.get(i)[0];
            endRow[i] = seqs.get(i)[1];
            start[i] = rows.address(firstRow[i]);
            end[i] = rows.address(endRow[i]);
            maxEndSoFar[i] = i == 0 || Long.compareUnsigned(end[i], maxEndSoFar[i - 1]) > 0 ? end[i] : maxEndSoFar[i - 1];
        }
    }

    /** The sequence (index into the sorted arrays) covering {@code pc}, or -1. */
    int sequenceOf(long pc) {
        int lo = 0;
        int hi = start.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(start[mid], pc) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        for (int s = found; s >= 0 && Long.compareUnsigned(maxEndSoFar[s], pc) > 0; s--) {
            if (Long.compareUnsigned(pc, end[s]) < 0) {
                return s;
            }
        }
        return -1;
    }

    /** The row covering {@code pc} (the last row of its sequence at or below it), or -1. */
    int rowOf(long pc) {
        int s = sequenceOf(pc);
        return s < 0 ? -1 : lastRowAtOrBelow(s, pc);
    }

    /** In sequence {@code s}, the last non-terminating row whose address is at or below {@code pc}. */
    int lastRowAtOrBelow(int s, long pc) {
        int lo = firstRow[s];
        int hi = endRow[s] - 1;
        int found = firstRow[s];
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(rows.address(mid), pc) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** In sequence {@code s}, the first row whose address is at or above {@code pc} (may be the end row). */
    int firstRowAtOrAbove(int s, long pc) {
        int lo = firstRow[s];
        int hi = endRow[s];
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(rows.address(mid), pc) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The index of sequence {@code s}'s terminating row. */
    int endRow(int s) {
        return endRow[s];
    }

    int count() {
        return start.length;
    }

    @Override
    public String toString() {
        return "SequenceIndex" + Arrays.toString(start);
    }
}
