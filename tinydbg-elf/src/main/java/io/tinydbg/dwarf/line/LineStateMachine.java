package io.tinydbg.dwarf.line;

import static io.tinydbg.dwarf.line.LineConstants.*;

import io.tinydbg.bytes.ByteCursor;
import java.util.List;

/**
 * Runs the opcodes of one line program (DWARF 5 section 6.2.5) and appends its rows to a {@link RowTable}.
 * Every opcode consumes at least one byte, so the run ends with the unit's bytes; there is no other loop.
 * With maximum_operations_per_instruction above 1 (VLIW) op_index is tracked as the standard says, but rows
 * carry only the instruction address.
 */
final class LineStateMachine {
    private final LineProgramHeader h;
    private final ByteCursor in;
    private final List<FileEntry> files;
    private final RowTable rows;
    private final long addressMask;

    private long address;
    private int opIndex;
    private int file;
    private int line;
    private int column;
    private boolean isStmt;
    private boolean basicBlock;
    private boolean prologueEnd;
    private boolean epilogueBegin;
    private int discriminator;

    private LineStateMachine(LineProgramHeader h, ByteCursor in, List<FileEntry> files, RowTable rows) {
        this.h = h;
        this.in = in;
        this.files = files;
        this.rows = rows;
        this.addressMask = h.addressSize >= 8 ? -1L : (1L << (8 * h.addressSize)) - 1;
        reset();
    }

    /** Runs the program of {@code h} over {@code section} (all of .debug_line); DW_LNE_define_file adds to files. */
    static void run(LineProgramHeader h, ByteCursor section, List<FileEntry> files, RowTable rows) {
        ByteCursor program = section.slice(0, h.unitEnd).seek(h.programStart);
        new LineStateMachine(h, program, files, rows).run();
    }

    private void reset() {
        address = 0;
        opIndex = 0;
        file = 1;
        line = 1;
        column = 0;
        isStmt = h.defaultIsStmt;
        basicBlock = false;
        prologueEnd = false;
        epilogueBegin = false;
        discriminator = 0;
    }

    private void run() {
        while (in.hasRemaining()) {
            int at = in.position();
            int op = in.u8();
            if (op >= h.opcodeBase) {
                special(at, op);
            } else if (op == 0) {
                extended();
            } else {
                standard(op);
            }
        }
    }

    private void emit(boolean endSequence) {
        int flags = (isStmt ? RowTable.IS_STMT : 0) | (basicBlock ? RowTable.BASIC_BLOCK : 0)
                | (endSequence ? RowTable.END_SEQUENCE : 0) | (prologueEnd ? RowTable.PROLOGUE_END : 0)
                | (epilogueBegin ? RowTable.EPILOGUE_BEGIN : 0);
        rows.add(address, file, line, column, flags, discriminator);
        basicBlock = false;
        prologueEnd = false;
        epilogueBegin = false;
        discriminator = 0;
    }

    /** Advances address and op_index by {@code operationAdvance} operations (DWARF 5 section 6.2.5.1). */
    private void advance(long operationAdvance) {
        long addressAdvance;
        if (h.maxOpsPerInstruction == 1) {
            addressAdvance = operationAdvance;
        } else {
            long ops = opIndex + operationAdvance;
            addressAdvance = Long.divideUnsigned(ops, h.maxOpsPerInstruction);
            opIndex = (int) Long.remainderUnsigned(ops, h.maxOpsPerInstruction);
        }
        address = (address + h.minInstructionLength * addressAdvance) & addressMask;
    }

    private void special(int at, int op) {
        if (h.lineRange == 0) {
            throw in.fail(at, "special opcode " + op + " with a line_range of 0");
        }
        int adjusted = op - h.opcodeBase;
        advance(adjusted / h.lineRange);
        line += h.lineBase + adjusted % h.lineRange;
        emit(false);
    }

    private void standard(int op) {
        switch (op) {
            case DW_LNS_copy -> emit(false);
            case DW_LNS_advance_pc -> advance(in.uleb128());
            case DW_LNS_advance_line -> line += (int) in.sleb128();
            case DW_LNS_set_file -> file = (int) in.uleb128();
            case DW_LNS_set_column -> column = (int) in.uleb128();
            case DW_LNS_negate_stmt -> isStmt = !isStmt;
            case DW_LNS_set_basic_block -> basicBlock = true;
            case DW_LNS_const_add_pc -> {
                if (h.lineRange == 0) {
                    throw in.fail(in.position() - 1, "DW_LNS_const_add_pc with a line_range of 0");
                }
                advance((255 - h.opcodeBase) / h.lineRange);
            }
            case DW_LNS_fixed_advance_pc -> {
                address = (address + in.u16()) & addressMask;
                opIndex = 0;
            }
            case DW_LNS_set_prologue_end -> prologueEnd = true;
            case DW_LNS_set_epilogue_begin -> epilogueBegin = true;
            case DW_LNS_set_isa -> in.uleb128();
            default -> {
                // An opcode this reader does not know, below opcode_base: the header says how many ULEB128
                // operands to skip.
                for (int i = 0; i < h.standardOpcodeLengths[op]; i++) {
                    in.uleb128();
                }
            }
        }
    }

    private void extended() {
        int lengthAt = in.position();
        long length = in.uleb128();
        if (length < 0 || length > in.remaining()) {
            throw in.fail(lengthAt, "extended opcode of " + Long.toUnsignedString(length)
                    + " bytes passes the end of the line program");
        }
        if (length == 0) {
            return; // No opcode at all; readelf reports "badly formed" and moves on the same way.
        }
        int end = in.position() + (int) length;
        int sub = in.u8();
        switch (sub) {
            case DW_LNE_end_sequence -> {
                emit(true);
                reset();
            }
            case DW_LNE_set_address -> {
                int size = (int) length - 1;
                if (size != 1 && size != 2 && size != 4 && size != 8) {
                    throw in.fail(lengthAt, "DW_LNE_set_address with a " + size + "-byte operand");
                }
                address = in.unsigned(size) & addressMask;
                opIndex = 0;
            }
            case DW_LNE_define_file -> {
                FileEntry f = LineProgramHeader.readFileEntry(in.slice(in.position(), end - in.position()));
                if (f != null) {
                    files.add(f);
                }
            }
            case DW_LNE_set_discriminator -> discriminator = (int) in.uleb128();
            default -> {
                // Unknown (vendor) extended opcodes are skipped by their length.
            }
        }
        if (in.position() > end) {
            throw in.fail(lengthAt, "extended opcode 0x" + Integer.toHexString(sub) + " reads past its "
                    + length + "-byte length");
        }
        in.seek(end);
    }
}
