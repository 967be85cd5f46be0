package io.tinydbg.dwarf;

import java.util.List;

/**
 * A DW_TAG_subprogram that has code, as the function scan finds it.
 *
 * @param dieOffset     the subprogram DIE (the concrete, out-of-line one)
 * @param unitOffset    offset of its unit
 * @param name          DW_AT_name, through DW_AT_specification and DW_AT_abstract_origin
 * @param qualifiedName for C++, Rust and D: the enclosing namespaces and types joined with "::"
 *                      ({@code shapes::Rect::area}); for other languages the plain name
 * @param linkageName   DW_AT_linkage_name (or DW_AT_MIPS_linkage_name) through specification and origin, or ""
 * @param entryPc       DW_AT_entry_pc, else low_pc, else the start of the first range in list order (the
 *                      first range is where compilers put the entry; a {@code .cold} part may lie lower)
 * @param ranges        the code ranges, in the order the DWARF lists them
 * @param originOffset  the abstract origin if any, else the specification, else {@code dieOffset}: inlined
 *                      instances of the same function share it
 * @param declLine      DW_AT_decl_line through specification and origin, 0 if unknown
 */
public record FunctionEntry(long dieOffset, long unitOffset, String name, String qualifiedName, String linkageName,
                            long entryPc, List<AddressRange> ranges, long originOffset, int declLine) {
    public FunctionEntry {
        ranges = List.copyOf(ranges);
    }

    /** True when {@code pc} is inside one of the function's ranges. */
    public boolean contains(long pc) {
        for (AddressRange r : ranges) {
            if (r.contains(pc)) {
                return true;
            }
        }
        return false;
    }
}
