package io.tinydbg.dwarf;

import io.tinydbg.dwarf.types.DwarfType;

/**
 * One formal parameter of a {@link DwarfFunction}.
 *
 * @param name       DW_AT_name through the abstract origin ("" for unnamed parameters)
 * @param type       the parameter's type (an unspecified "void" type when the DWARF gives none)
 * @param location   where the value lives
 * @param isResult   Go marks result parameters with DW_AT_variable_parameter
 * @param artificial compiler-made, such as C++'s {@code this}
 */
public record Parameter(String name, DwarfType type, LocationDescription location, boolean isResult,
                        boolean artificial) {
}
