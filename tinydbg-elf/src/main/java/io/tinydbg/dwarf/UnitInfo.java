package io.tinydbg.dwarf;

import java.util.OptionalLong;

/**
 * What a unit's root DIE says about the whole unit.
 *
 * @param language     DW_LANG_* as a name ("C99", "C_plus_plus_14", "Go", "Rust", ...) or "" when unknown
 * @param languageCode the DW_LANG_* number (0 when absent)
 * @param producer     the compiler's DW_AT_producer, or ""
 * @param name         the primary source file (DW_AT_name), or ""
 * @param compDir      the compilation directory, or ""
 * @param stmtList     offset of the unit's line program in {@code .debug_line}, if any
 * @param lowPc        base address for the unit's range and location lists (0 when absent)
 */
public record UnitInfo(String language, int languageCode, String producer, String name, String compDir,
                       OptionalLong stmtList, long strOffsetsBase, long addrBase, long rnglistsBase,
                       long loclistsBase, long lowPc, int addressSize, int version) {
}
