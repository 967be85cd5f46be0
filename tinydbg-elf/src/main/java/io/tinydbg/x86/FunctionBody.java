package io.tinydbg.x86;

import java.util.List;

/**
 * The control transfers of one function, as a linear sweep of its bytes finds them.
 *
 * @param returns       addresses of every {@code ret}
 * @param directCalls   {@code call rel32} sites with targets
 * @param indirectCalls calls through registers or memory (resolved at run time by the engine)
 * @param exits         direct jmp/jcc whose target is outside the function: tail calls
 * @param indirectJumps jumps through registers or memory (switch tables, tail calls through pointers)
 * @param invalidBytes  how many bytes did not decode (data or padding in the code)
 */
public record FunctionBody(List<Long> returns, List<BranchSite> directCalls, List<BranchSite> indirectCalls,
        List<BranchSite> exits, List<BranchSite> indirectJumps, int invalidBytes) {

    public FunctionBody {
        returns = List.copyOf(returns);
        directCalls = List.copyOf(directCalls);
        indirectCalls = List.copyOf(indirectCalls);
        exits = List.copyOf(exits);
        indirectJumps = List.copyOf(indirectJumps);
    }
}
