package io.tinydbg.dwarf;

import io.tinydbg.dwarf.types.DwarfType;
import java.util.List;
import java.util.Optional;

/**
 * What the DWARF says about one function beyond its address: parameters (Go's results included), return type,
 * top-level local variables, frame base and declaration position.
 *
 * @param dieOffset        the subprogram DIE this was read from
 * @param name             DW_AT_name through specification/origin
 * @param qualifiedName    as {@link FunctionEntry#qualifiedName()} (the plain name when read without an entry)
 * @param linkageName      the linkage (mangled) name or ""
 * @param parameters       the formal parameters in order
 * @param returnType       DW_AT_type of the function; empty for void (and for Go, whose results are parameters)
 * @param locals           DW_TAG_variable children of the subprogram itself (not of nested blocks)
 * @param frameBase        DW_AT_frame_base
 * @param unit             the unit the function is in
 * @param declFile         the declaring source file's full path, or ""
 * @param declLine         the declaring line, or 0
 * @param hasInlinedCopies true when some DW_TAG_inlined_subroutine is a copy of this function
 */
public record DwarfFunction(long dieOffset, String name, String qualifiedName, String linkageName,
                            List<Parameter> parameters, Optional<DwarfType> returnType, List<Variable> locals,
                            LocationDescription frameBase, UnitInfo unit, String declFile, int declLine,
                            boolean hasInlinedCopies) {
    public DwarfFunction {
        parameters = List.copyOf(parameters);
        locals = List.copyOf(locals);
    }
}
