package io.tinydbg.dwarf;

/** The half-open address range [low, high), compared as unsigned numbers. */
public record AddressRange(long low, long high) {

    public boolean contains(long pc) {
        return Long.compareUnsigned(pc, low) >= 0 && Long.compareUnsigned(pc, high) < 0;
    }

    public boolean isEmpty() {
        return Long.compareUnsigned(low, high) >= 0;
    }

    @Override
    public String toString() {
        return "[0x" + Long.toHexString(low) + ", 0x" + Long.toHexString(high) + ")";
    }
}
