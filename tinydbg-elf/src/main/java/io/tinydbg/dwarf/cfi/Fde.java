package io.tinydbg.dwarf.cfi;

import io.tinydbg.bytes.ByteCursor;

/** A Frame Description Entry: the CFI of the pcs from {@code pcBegin} (inclusive) to {@code pcEnd} (exclusive). */
record Fde(long offset, Cie cie, long pcBegin, long pcEnd, ByteCursor instructions) {
    boolean covers(long pc) {
        return Long.compareUnsigned(pc, pcBegin) >= 0 && Long.compareUnsigned(pc, pcEnd) < 0;
    }

    ByteCursor freshInstructions() {
        return instructions.slice(0, instructions.limit());
    }
}
