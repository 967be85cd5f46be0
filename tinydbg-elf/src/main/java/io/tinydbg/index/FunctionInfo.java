package io.tinydbg.index;

import java.util.List;

/**
 * One function of a binary as the index describes it. Addresses are as in the file (unrelocated); the engine adds
 * the load bias of a PIE or shared library.
 *
 * @param name         the name users match: DWARF's qualified name ({@code shapes::Rect::area},
 *                     {@code main.(*Counter).Bump}), else the demangled symbol
 * @param linkageName  the symbol or DW_AT_linkage_name ({@code _ZNK6shapes4Rect4areaEv}); empty when none differs
 * @param entry        the first instruction
 * @param ranges       the address ranges of the code (several when the compiler split a hot and a cold part)
 * @param prologueEnd  the first address after the prologue, where arguments are readable (else {@code entry})
 * @param returns      the address of every return instruction
 * @param callSites    direct and indirect calls and tail-call jumps out of the function
 * @param callees      names of the functions directly called, in order of first call
 * @param params       formal parameters (and Go results) in declaration order
 * @param resultTypes  type names of the results (C's return type, Go's results); empty for void
 * @param source       declaration file and line
 * @param alsoInlined  whether the compiler also inlined copies of this function somewhere
 * @param language     the unit's DW_AT_language as a name ("C11", "C_plus_plus_14", "Go", "Rust"), or empty
 * @param producer     the unit's DW_AT_producer (compiler and flags), or empty
 * @param hasDebugInfo whether DWARF describes the function (else it came from the symbol tables only)
 * @param aliases      other symbol names at the same entry ({@code __libc_malloc} for {@code malloc})
 */
public record FunctionInfo(
        String name,
        String linkageName,
        long entry,
        List<AddressRange> ranges,
        long prologueEnd,
        List<Long> returns,
        List<CallSite> callSites,
        List<String> callees,
        List<ParameterInfo> params,
        List<String> resultTypes,
        SourceLine source,
        boolean alsoInlined,
        String language,
        String producer,
        boolean hasDebugInfo,
        List<String> aliases) {

    public FunctionInfo {
        ranges = List.copyOf(ranges);
        returns = List.copyOf(returns);
        callSites = List.copyOf(callSites);
        callees = List.copyOf(callees);
        params = List.copyOf(params);
        resultTypes = List.copyOf(resultTypes);
        aliases = List.copyOf(aliases);
    }

    /** True when {@code pc} lies in one of the function's ranges. */
    public boolean contains(long pc) {
        for (AddressRange r : ranges) {
            if (r.contains(pc)) {
                return true;
            }
        }
        return false;
    }
}
