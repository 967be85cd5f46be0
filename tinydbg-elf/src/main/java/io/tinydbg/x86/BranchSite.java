package io.tinydbg.x86;

import java.util.OptionalLong;

/**
 * A control transfer found in a function body.
 *
 * @param address address of the branch instruction
 * @param length  its length (the return address of a call is {@code address + length})
 * @param kind    its {@link Kind}
 * @param target  the static target of a direct branch; empty for indirect ones
 */
public record BranchSite(long address, int length, Kind kind, OptionalLong target) {

    static BranchSite of(Instruction i) {
        return new BranchSite(i.address(), i.length(), i.kind(), i.branchTarget());
    }

    /** Address of the instruction after the branch (a call's return address). */
    public long next() {
        return address + length;
    }
}
