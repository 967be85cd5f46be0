package io.tinydbg.dwarf;

/**
 * The header of one unit in {@code .debug_info} or {@code .debug_types}: enough to find its DIEs and decode them.
 * Offsets are absolute; units of {@code .debug_types} carry {@link Dwarf#TYPES_SECTION_FLAG} in {@link #offset}
 * and {@link #dieOffset} so that one long names any DIE of either section.
 *
 * @param offset       offset of the unit header
 * @param version      DWARF version, 2 to 5
 * @param unitType     DW_UT_* (for versions before 5: compile, or type in {@code .debug_types})
 * @param addressSize  size of a target address in bytes
 * @param offsetSize   4 for 32-bit DWARF, 8 for 64-bit DWARF
 * @param abbrevOffset offset of the unit's abbreviations in {@code .debug_abbrev}
 * @param dieOffset    offset of the unit's root DIE
 * @param endOffset    offset just past the unit
 * @param typeSignature for type units, the 8-byte signature that DW_FORM_ref_sig8 uses; else 0
 * @param typeOffset   for type units, the absolute offset of the DIE the signature names; else 0
 */
public record CompileUnit(long offset, int version, int unitType, int addressSize, int offsetSize,
                          long abbrevOffset, long dieOffset, long endOffset, long typeSignature, long typeOffset) {

    /** True for units of {@code .debug_types} (DWARF 4 type units). */
    public boolean inTypesSection() {
        return (offset & Dwarf.TYPES_SECTION_FLAG) != 0;
    }

    /** True for type units, in {@code .debug_types} or DW_UT_type in {@code .debug_info}. */
    public boolean isTypeUnit() {
        return unitType == DwarfConstants.UT_TYPE || unitType == DwarfConstants.UT_SPLIT_TYPE;
    }

    /** True for a skeleton unit whose DIEs live in a separate {@code .dwo} file (not read by this library). */
    public boolean isSkeleton() {
        return unitType == DwarfConstants.UT_SKELETON;
    }

    /** True when {@code absoluteOffset} lies within this unit. */
    public boolean contains(long absoluteOffset) {
        return absoluteOffset >= offset && absoluteOffset < endOffset;
    }
}
