/**
 * DWARF line tables (versions 2 to 5, 32- and 64-bit): {@link io.tinydbg.dwarf.line.LineProgram} decodes one
 * line program of {@code .debug_line} into rows and answers pc-to-file:line and the end of a function's prologue;
 * {@link io.tinydbg.dwarf.line.LineProgramOffsets} lists every program of the section.
 *
 * <p>Prologue ends, as measured against gdb 13 and Delve on this toolchain:
 * <ul>
 * <li>gcc 12 (through gas) sets no prologue_end flags. At -O0 gdb decodes the frame setup and moves to the next
 * line-table row, which is the function's second row: {@code prologueEnd} equals gdb's {@code break} address for
 * every function of the C and C++ fixtures.</li>
 * <li>At -O2 gdb finds no frame setup in about a third to a half of the functions and breaks at the entry, while
 * the line-table rule gives the second is-stmt row; elsewhere both agree.</li>
 * <li>Go 1.19 does set prologue_end (after the stack-growth check, or on the entry row of functions without one);
 * {@code prologueEnd} takes the flag and equals both Delve's and gdb's breakpoint addresses.</li>
 * </ul>
 */
package io.tinydbg.dwarf.line;
