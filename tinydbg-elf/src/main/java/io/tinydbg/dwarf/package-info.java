/**
 * DWARF 2 to 5 (32- and 64-bit) read lazily from the sections a {@link io.tinydbg.dwarf.DwarfSections} provides;
 * nothing here knows ELF.
 *
 * <p>Entry point: {@link io.tinydbg.dwarf.Dwarf}. Layers, one file per concept:
 * <ul>
 *   <li>unit headers ({@code UnitHeaders}, {@link io.tinydbg.dwarf.CompileUnit}), abbreviations
 *       ({@code AbbrevTable}), attribute forms ({@code FormReader}), per-unit bases ({@code UnitContext});</li>
 *   <li>{@link io.tinydbg.dwarf.Die}: attributes decoded on demand; tree shape from a per-unit
 *       {@code UnitIndex} built only for units someone navigates;</li>
 *   <li>{@code FunctionScanner}: one linear pass over all units that decodes only naming and address
 *       attributes, giving {@link io.tinydbg.dwarf.FunctionEntry} and {@link io.tinydbg.dwarf.InlinedInstance};
 *       {@link io.tinydbg.dwarf.AddressLookup} searches their ranges by binary search;</li>
 *   <li>{@code FunctionReader}: parameters, locals and declaration position of one function
 *       ({@link io.tinydbg.dwarf.DwarfFunction}); {@code RangeLists} and {@code LocationLists} for
 *       {@code .debug_ranges}/{@code .debug_rnglists} and {@code .debug_loc}/{@code .debug_loclists};
 *       {@code FileNames} reads just the file table of a line program header;</li>
 *   <li>{@code TypeReader} builds {@link io.tinydbg.dwarf.types.DwarfType}s, once per DIE.</li>
 * </ul>
 * Offsets are absolute section offsets; DIEs of {@code .debug_types} carry
 * {@link io.tinydbg.dwarf.Dwarf#TYPES_SECTION_FLAG}. Malformed bytes raise
 * {@link io.tinydbg.bytes.MalformedInputException} naming the source, section and offset.
 */
package io.tinydbg.dwarf;
