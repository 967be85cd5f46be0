package io.tinydbg.dwarf.line;

/**
 * One row of a line-number matrix, as the DWARF line state machine appends it (on a special opcode, DW_LNS_copy
 * or DW_LNE_end_sequence). {@code file} is the raw file-table index: 1-based for DWARF 2-4, 0-based for DWARF 5;
 * resolve it with {@link LineProgram#fileName(int)}. An {@code endSequence} row marks the first address after a
 * sequence and describes no instruction.
 */
public record LineRow(long address, int file, int line, int column, boolean isStmt, boolean basicBlock,
        boolean endSequence, boolean prologueEnd, boolean epilogueBegin, int discriminator) {
}
