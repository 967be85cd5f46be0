package io.tinydbg.dwarf;

/** One entry of a location list: the expression {@code ops} holds for pcs in [low, high) (absolute addresses). */
public record LocationListEntry(long low, long high, byte[] ops) {
    public boolean contains(long pc) {
        return new AddressRange(low, high).contains(pc);
    }
}
