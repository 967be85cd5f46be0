package io.tinydbg.dwarf.line;

import io.tinydbg.bytes.ByteCursor;
import java.util.ArrayList;
import java.util.List;

/**
 * The header of one line program (DWARF 2-5, 32- and 64-bit): the parameters of the state machine and the
 * directory and file tables. {@code programStart} and {@code unitEnd} are positions in the {@code .debug_line}
 * cursor the header was read from.
 */
final class LineProgramHeader {
    final long offset;
    final int version;
    final int offsetSize;
    final int addressSize;
    final int minInstructionLength;
    final int maxOpsPerInstruction;
    final boolean defaultIsStmt;
    final int lineBase;
    final int lineRange;
    final int opcodeBase;
    final int[] standardOpcodeLengths;
    final List<String> directories;
    final List<FileEntry> files;
    final int programStart;
    final int unitEnd;

    private LineProgramHeader(ByteCursor in, long offset, int addressSize, LineStrings.Factory strings) {
        this.offset = offset;
        in.seek(offset);
        long length = in.u32();
        int sizeOfOffsets = 4;
        if (length == 0xffffffffL) {
            length = in.u64();
            sizeOfOffsets = 8;
        } else if (length >= 0xfffffff0L) {
            throw in.fail(offset, "reserved unit length 0x" + Long.toHexString(length));
        }
        this.offsetSize = sizeOfOffsets;
        if (length < 0 || length > in.remaining()) {
            throw in.fail(offset, "unit length " + Long.toUnsignedString(length) + " passes the end of the section ("
                    + in.remaining() + " bytes left)");
        }
        this.unitEnd = (int) (in.position() + length);
        ByteCursor unit = in.slice(0, unitEnd).seek(in.position());
        int versionAt = unit.position();
        this.version = unit.u16();
        if (version < 2 || version > 5) {
            throw unit.fail(versionAt, "unsupported line table version " + version);
        }
        if (version >= 5) {
            this.addressSize = unit.u8();
            int segmentSelectorSize = unit.u8();
            if (this.addressSize != 4 && this.addressSize != 8 && this.addressSize != 2) {
                throw unit.fail(versionAt + 2, "unsupported address size " + this.addressSize);
            }
            if (segmentSelectorSize != 0) {
                throw unit.fail(versionAt + 3, "segmented addresses (selector size " + segmentSelectorSize
                        + ") are not supported");
            }
        } else {
            this.addressSize = addressSize;
        }
        int headerLengthAt = unit.position();
        long headerLength = unit.unsigned(offsetSize);
        if (headerLength < 0 || headerLength > unit.remaining()) {
            throw unit.fail(headerLengthAt, "header length " + Long.toUnsignedString(headerLength)
                    + " passes the end of the unit");
        }
        this.programStart = (int) (unit.position() + headerLength);
        ByteCursor header = unit.slice(0, programStart).seek(unit.position());
        this.minInstructionLength = header.u8();
        // Before DWARF 4 there is no maximum_operations_per_instruction; 0 is invalid and read as 1 as well.
        this.maxOpsPerInstruction = version >= 4 ? Math.max(1, header.u8()) : 1;
        this.defaultIsStmt = header.u8() != 0;
        this.lineBase = header.s8();
        this.lineRange = header.u8();
        this.opcodeBase = header.u8();
        this.standardOpcodeLengths = new int[Math.max(opcodeBase, 1)];
        for (int i = 1; i < opcodeBase; i++) {
            standardOpcodeLengths[i] = header.u8();
        }
        if (version >= 5) {
            LineStrings s = strings.create(offsetSize);
            List<String> dirs = new ArrayList<>();
            for (FileEntry e : EntryTable.read(header, s, offsetSize, "directory")) {
                dirs.add(e.name());
            }
            this.directories = dirs;
            this.files = new ArrayList<>(EntryTable.read(header, s, offsetSize, "file name"));
        } else {
            this.directories = readIncludeDirectories(header);
            this.files = readFileNames(header);
        }
    }

    /** Reads the header of the line program at {@code offset} of {@code in} (the whole .debug_line). */
    static LineProgramHeader read(ByteCursor in, long offset, int addressSize, LineStrings.Factory strings) {
        return new LineProgramHeader(in, offset, addressSize, strings);
    }

    private static List<String> readIncludeDirectories(ByteCursor in) {
        List<String> dirs = new ArrayList<>();
        while (true) {
            String dir = in.cstring();
            if (dir.isEmpty()) {
                return dirs;
            }
            dirs.add(dir);
        }
    }

    private static List<FileEntry> readFileNames(ByteCursor in) {
        List<FileEntry> files = new ArrayList<>();
        while (true) {
            FileEntry f = readFileEntry(in);
            if (f == null) {
                return files;
            }
            files.add(f);
        }
    }

    /** A DWARF 2-4 file entry (also the operand of DW_LNE_define_file), or null at the table's terminating NUL. */
    static FileEntry readFileEntry(ByteCursor in) {
        String name = in.cstring();
        if (name.isEmpty()) {
            return null;
        }
        long dir = in.uleb128();
        in.uleb128(); // modification time
        in.uleb128(); // length
        return new FileEntry(name, dir, null);
    }
}
