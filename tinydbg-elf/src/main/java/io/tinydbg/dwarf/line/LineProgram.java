package io.tinydbg.dwarf.line;

import io.tinydbg.bytes.ByteCursor;
import io.tinydbg.bytes.MalformedInputException;
import io.tinydbg.dwarf.DisplayFileName;
import io.tinydbg.dwarf.DwarfSections;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One decoded line program of {@code .debug_line} (DWARF 2 to 5, 32- or 64-bit): its rows, its file table and
 * the address lookups built on them. Decoded completely by {@link #read}, then immutable and safe to share.
 *
 * <p>File indexes follow the program's version: 1-based for DWARF 2-4 (index 0 is taken to mean the unit's own
 * file, {@code unitName}), 0-based for DWARF 5 (index 0 is the primary source file). Bad bytes raise
 * {@link MalformedInputException} naming the source, {@code .debug_line} and the offset.
 */
public final class LineProgram {
    /** The section line programs live in. */
    public static final String SECTION = ".debug_line";

    private final String source;
    private final LineProgramHeader header;
    private final List<FileEntry> files;
    private final String compDir;
    private final String unitName;
    private final RowTable rows;
    private final SequenceIndex sequences;
    private final String[] pathCache;
    private final String[] displayCache;

    private LineProgram(String source, LineProgramHeader header, List<FileEntry> files, String compDir,
            String unitName, RowTable rows) {
        this.source = source;
        this.header = header;
        this.files = files;
        this.compDir = compDir;
        this.unitName = unitName;
        this.rows = rows;
        this.sequences = new SequenceIndex(rows);
        this.pathCache = new String[files.size()];
        this.displayCache = new String[files.size()];
    }

    /**
     * Decodes the line program at {@code offset} of {@code .debug_line} (a unit's DW_AT_stmt_list).
     *
     * @param addressSize the unit's address size, used before DWARF 5 (whose line header has its own)
     * @param compDir the unit's DW_AT_comp_dir, joined to relative directories; may be null
     * @param unitName the unit's DW_AT_name, the file of index 0 before DWARF 5; may be null
     */
    public static LineProgram read(DwarfSections sections, long offset, int addressSize, String compDir,
            String unitName) {
        return read(sections, offset, addressSize, compDir, unitName, LineStrings.NO_STR_OFFSETS_BASE);
    }

    /**
     * As {@link #read(DwarfSections, long, int, String, String)}, with the unit's DW_AT_str_offsets_base for
     * DW_FORM_strx* entries in a DWARF 5 file table.
     */
    public static LineProgram read(DwarfSections sections, long offset, int addressSize, String compDir,
            String unitName, long strOffsetsBase) {
        Optional<ByteBuffer> bytes = sections.section(SECTION);
        if (bytes.isEmpty()) {
            throw new MalformedInputException(sections.sourceName(), SECTION, offset,
                    "a line program is referenced but there is no " + SECTION + " section");
        }
        ByteCursor in = new ByteCursor(sections.sourceName(), SECTION, bytes.get()).withOrder(sections.order());
        LineProgramHeader header = LineProgramHeader.read(in, offset, addressSize,
                size -> new LineStrings(sections, size, strOffsetsBase));
        List<FileEntry> files = new ArrayList<>(header.files);
        RowTable rows = new RowTable();
        LineStateMachine.run(header, in, files, rows);
        return new LineProgram(sections.sourceName(), header, files, compDir, unitName, rows);
    }

    /** The offsets of every line program in {@code .debug_line}; see {@link LineProgramOffsets#all}. */
    public static List<Long> offsets(DwarfSections sections) {
        return LineProgramOffsets.all(sections);
    }

    /** Offset of this program in {@code .debug_line}. */
    public long offset() {
        return header.offset;
    }

    /** The line table version (2 to 5). */
    public int version() {
        return header.version;
    }

    /** Every row in program order (sequences as the producer wrote them, each ending with an end_sequence row). */
    public List<LineRow> rows() {
        return rows.asList();
    }

    /** The smallest valid file index: 0 for DWARF 5, 1 before. */
    public int firstFileIndex() {
        return header.version >= 5 ? 0 : 1;
    }

    /** The number of file-table entries, including those DW_LNE_define_file added. */
    public int fileCount() {
        return files.size();
    }

    /**
     * The full path of file {@code index}: its directory joined to the compilation directory when relative,
     * then the name joined to that when relative. Paths are joined as written, not normalized, as addr2line does.
     * A debugger shows another name; see {@link #displayName}.
     *
     * @throws MalformedInputException when the index or its directory index is not in the tables
     */
    public String fileName(int index) {
        if (header.version < 5 && index == 0 && unitName != null) {
            return join(compDir, unitName);
        }
        int slot = slot(index);
        String cached = slot < pathCache.length ? pathCache[slot] : null;
        if (cached != null) {
            return cached;
        }
        FileEntry f = files.get(slot);
        String path = join(directory(f.directoryIndex()), f.name());
        if (slot < pathCache.length) {
            pathCache[slot] = path;
        }
        return path;
    }

    /**
     * The name gdb shows for file {@code index} ({@link DisplayFileName}): what frames and function sources are
     * printed with, so that they read as in gdb's {@code bt}.
     *
     * @throws MalformedInputException when the index is not in the file table
     */
    public String displayName(int index) {
        if (header.version < 5 && index == 0 && unitName != null) {
            return unitName;
        }
        int slot = slot(index);
        String cached = slot < displayCache.length ? displayCache[slot] : null;
        if (cached != null) {
            return cached;
        }
        FileEntry f = files.get(slot);
        String name = DisplayFileName.of(f.name(), writtenDirectory(f.directoryIndex()), compDir, unitName);
        if (slot < displayCache.length) {
            displayCache[slot] = name;
        }
        return name;
    }

    /** The position of file {@code index} in {@link #files}. */
    private int slot(int index) {
        int slot = header.version >= 5 ? index : index - 1;
        if (slot < 0 || slot >= files.size()) {
            throw fail("file index " + index + " is not in the file table (" + files.size() + " entries)");
        }
        return slot;
    }

    /**
     * Directory entry {@code index} as written, or null where gdb has none: DWARF 2-4 directory 0 (implicitly
     * the compilation directory) and indexes outside the table, which gdb tolerates by using the bare file name.
     */
    private String writtenDirectory(long index) {
        long slot = header.version >= 5 ? index : index - 1;
        return slot >= 0 && slot < header.directories.size() ? header.directories.get((int) slot) : null;
    }

    private String directory(long index) {
        if (header.version >= 5) {
            if (index < 0 || index >= header.directories.size()) {
                throw fail("directory index " + index + " is not in the directory table");
            }
            // Entry 0 is the compilation directory; the others are relative to it (DWARF 5 section 6.2.4).
            String dir = header.directories.get((int) index);
            return join(index == 0 ? compDir : directory(0), dir);
        }
        if (index == 0) {
            return compDir;
        }
        if (index < 0 || index > header.directories.size()) {
            throw fail("directory index " + index + " is not in the include_directories table");
        }
        return join(compDir, header.directories.get((int) index - 1));
    }

    private static String join(String dir, String name) {
        if (dir == null || dir.isEmpty() || name.startsWith("/")) {
            return name;
        }
        if (name.isEmpty()) {
            return dir;
        }
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    private MalformedInputException fail(String problem) {
        return new MalformedInputException(source, SECTION, header.offset, problem);
    }

    /**
     * The source position of the instruction at {@code pc}: the last row at or below {@code pc} in the sequence
     * that covers it (so of several rows at one address the last wins, as in addr2line). Empty when no sequence
     * covers {@code pc}.
     */
    public Optional<LineLocation> lookup(long pc) {
        int r = sequences.rowOf(pc);
        if (r < 0) {
            return Optional.empty();
        }
        return Optional.of(new LineLocation(fileName(rows.file(r)), rows.line(r), rows.column(r)));
    }

    /** The row covering {@code pc} (see {@link #lookup}), if any. */
    public Optional<LineRow> rowAt(long pc) {
        int r = sequences.rowOf(pc);
        return r < 0 ? Optional.empty() : Optional.of(rows.row(r));
    }

    /**
     * The first address after the prologue of the function occupying [{@code lowPc}, {@code highPc}): the first
     * row in that range flagged prologue_end, if the producer set any; otherwise gdb's rule for line tables
     * without the flag, the address of the function's second row (the first is-stmt row with a line above 0 whose
     * address is above {@code lowPc}); otherwise {@code lowPc}.
     */
    public long prologueEnd(long lowPc, long highPc) {
        int s = sequences.sequenceOf(lowPc);
        if (s < 0) {
            return lowPc;
        }
        int end = sequences.endRow(s);
        int first = sequences.firstRowAtOrAbove(s, lowPc);
        for (int r = first; r < end && Long.compareUnsigned(rows.address(r), highPc) < 0; r++) {
            if (rows.has(r, RowTable.PROLOGUE_END)) {
                return rows.address(r);
            }
        }
        for (int r = first; r < end && Long.compareUnsigned(rows.address(r), highPc) < 0; r++) {
            if (rows.address(r) != lowPc && rows.has(r, RowTable.IS_STMT) && rows.line(r) != 0) {
                return rows.address(r);
            }
        }
        return lowPc;
    }

    @Override
    public String toString() {
        return "LineProgram[" + source + " " + SECTION + "+0x" + Long.toHexString(header.offset) + " v"
                + header.version + ", " + rows.size() + " rows]";
    }
}
