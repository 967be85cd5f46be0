package io.tinydbg.x86;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the return sites, calls and exits of a function by a lenient linear sweep of its bytes: bytes that do
 * not decode (data, int3 padding is decoded anyway) are skipped one at a time, so they cannot derail the sweep
 * beyond themselves.
 */
public final class FunctionBodyAnalyzer {
    private FunctionBodyAnalyzer() {
    }

    /** Analyzes {@code code[offset, offset+length)}, the function at runtime address {@code address}. */
    public static FunctionBody analyze(ByteBuffer code, int offset, int length, long address) {
        List<Long> returns = new ArrayList<>();
        List<BranchSite> directCalls = new ArrayList<>();
        List<BranchSite> indirectCalls = new ArrayList<>();
        List<BranchSite> exits = new ArrayList<>();
        List<BranchSite> indirectJumps = new ArrayList<>();
        int invalid = 0;
        long end = address + length;
        for (Instruction i : X86Decoder.sweepLenient(code, offset, length, address)) {
            switch (i.kind()) {
                case RET:
                    returns.add(i.address());
                    break;
                case CALL_DIRECT:
                    directCalls.add(BranchSite.of(i));
                    break;
                case CALL_INDIRECT:
                    indirectCalls.add(BranchSite.of(i));
                    break;
                case JMP_INDIRECT:
                    indirectJumps.add(BranchSite.of(i));
                    break;
                case JMP_DIRECT:
                case JCC:
                    long target = i.branchTarget().getAsLong();
                    if (target < address || target >= end) {
                        exits.add(BranchSite.of(i));
                    }
                    break;
                case INVALID:
                    invalid++;
                    break;
                default:
                    break;
            }
        }
        return new FunctionBody(returns, directCalls, indirectCalls, exits, indirectJumps, invalid);
    }
}
