package io.tinydbg.index;

/** Addresses {@code [low, high)} as in the file (unrelocated). */
public record AddressRange(long low, long high) {
    public boolean contains(long pc) {
        return Long.compareUnsigned(pc, low) >= 0 && Long.compareUnsigned(pc, high) < 0;
    }

    public long size() {
        return high - low;
    }
}
