package io.tinydbg.dwarf;

import java.util.List;

/**
 * One DW_TAG_inlined_subroutine: a copy of a function's body inside another function.
 *
 * @param dieOffset            the inlined_subroutine DIE
 * @param originOffset         its DW_AT_abstract_origin (the same as {@link FunctionEntry#originOffset()} of an
 *                             out-of-line copy of the same function)
 * @param name                 the inlined function's name (qualified as in {@link FunctionEntry#qualifiedName()})
 * @param ranges               the addresses of the copy
 * @param callFile             DW_AT_call_file (an index into the unit's line table file names), 0 if absent
 * @param callLine             DW_AT_call_line, 0 if absent
 * @param containingFunctionDie the subprogram with code the copy sits in; -1 inside an abstract instance tree
 * @param depth                1 for a copy directly in that subprogram, 2 for a copy inside a copy, ...
 */
public record InlinedInstance(long dieOffset, long originOffset, String name, List<AddressRange> ranges,
                              int callFile, int callLine, long containingFunctionDie, int depth) {
    public InlinedInstance {
        ranges = List.copyOf(ranges);
    }

    public boolean contains(long pc) {
        for (AddressRange r : ranges) {
            if (r.contains(pc)) {
                return true;
            }
        }
        return false;
    }
}
