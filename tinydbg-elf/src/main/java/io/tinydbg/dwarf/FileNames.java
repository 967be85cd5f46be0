package io.tinydbg.dwarf;

import static io.tinydbg.dwarf.DwarfConstants.*;

import io.tinydbg.bytes.ByteCursor;
import java.util.ArrayList;
import java.util.List;

/**
 * Only the directory and file-name tables of a line program header (DWARF 2-5), to turn DW_AT_decl_file and
 * DW_AT_call_file into file names as gdb shows them ({@link DisplayFileName}). The line program itself is read
 * elsewhere.
 */
final class FileNames {
    private static final int LNCT_PATH = 1;
    private static final int LNCT_DIRECTORY_INDEX = 2;
    private static final int MAX_ENTRIES = 1 << 18;

    private final List<String> files;
    /** DWARF 5 numbers files from 0; earlier versions from 1 (0 meaning none). */
    private final int firstIndex;

    private FileNames(List<String> files, int firstIndex) {
        this.files = files;
        this.firstIndex = firstIndex;
    }

    /** The name gdb shows for file {@code index}, or "" when the table has no such entry. */
    String path(long index) {
        long i = index - firstIndex;
        return i >= 0 && i < files.size() ? files.get((int) i) : "";
    }

    /**
     * @param compDir the unit's DW_AT_comp_dir ("" when absent)
     * @param unitName the unit's DW_AT_name, or null
     */
    static FileNames parse(Dwarf dwarf, UnitContext u, long offset, String compDir, String unitName) {
        ByteCursor c = dwarf.cursor(".debug_line");
        c.seek(offset);
        long length = c.u32();
        int offsetSize = 4;
        if (length == 0xffffffffL) {
            length = c.u64();
            offsetSize = 8;
        }
        if (length < 0 || length > c.remaining()) {
            throw c.fail(offset, "line program length passes the end of the section");
        }
        c = c.slice(c.position(), length);
        int version = c.u16();
        if (version < 2 || version > 5) {
            throw c.fail(0, "unsupported line table version " + version);
        }
        if (version >= 5) {
            c.u8(); // address_size
            c.u8(); // segment_selector_size
        }
        long headerLength = c.unsigned(offsetSize);
        c.u8(); // minimum_instruction_length
        if (version >= 4) {
            c.u8(); // maximum_operations_per_instruction
        }
        c.u8(); // default_is_stmt
        c.s8(); // line_base
        c.u8(); // line_range
        int opcodeBase = c.u8();
        c.skip(Math.max(0, opcodeBase - 1));
        if (version >= 5) {
            return new FileNames(v5(c, u, offsetSize, compDir, unitName), 0);
        }
        // Directory 0 is the compilation directory, which has no entry before DWARF 5: gdb adds nothing for it.
        List<String> dirs = new ArrayList<>();
        dirs.add(null);
        for (String d = c.cstring(); !d.isEmpty(); d = c.cstring()) {
            dirs.add(d);
            check(c, dirs.size());
        }
        List<String> files = new ArrayList<>();
        for (String f = c.cstring(); !f.isEmpty(); f = c.cstring()) {
            long dir = c.uleb128();
            c.uleb128(); // mtime
            c.uleb128(); // length
            files.add(DisplayFileName.of(f, entry(dirs, dir), compDir, unitName));
            check(c, files.size());
        }
        return new FileNames(files, 1);
    }

    private static List<String> v5(ByteCursor c, UnitContext u, int offsetSize, String compDir, String unitName) {
        List<String> dirs = new ArrayList<>();
        for (String[] d : entries(c, u, offsetSize)) {
            dirs.add(d[0]);
        }
        List<String> files = new ArrayList<>();
        for (String[] f : entries(c, u, offsetSize)) {
            long dir = f[1] == null ? 0 : Long.parseLong(f[1]);
            files.add(DisplayFileName.of(f[0], entry(dirs, dir), compDir, unitName));
        }
        return files;
    }

    /** Directory {@code index} as written, or null when there is none (gdb then shows the bare file name). */
    private static String entry(List<String> dirs, long index) {
        return index >= 0 && index < dirs.size() ? dirs.get((int) index) : null;
    }

    /** Reads a DWARF 5 entry-format description and its entries as {path, directory index} pairs. */
    private static List<String[]> entries(ByteCursor c, UnitContext u, int offsetSize) {
        int formatCount = c.u8();
        long[][] format = new long[formatCount][];
        for (int i = 0; i < formatCount; i++) {
            format[i] = new long[] {c.uleb128(), c.uleb128()};
        }
        long count = c.uleb128();
        if (count < 0 || count > MAX_ENTRIES || (formatCount == 0 && count > 0)) {
            throw c.fail("implausible entry count " + Long.toUnsignedString(count));
        }
        List<String[]> out = new ArrayList<>();
        for (long n = 0; n < count; n++) {
            String[] e = new String[2];
            e[0] = "";
            for (long[] f : format) {
                int form = (int) f[1];
                if (f[0] == LNCT_PATH) {
                    e[0] = pathValue(c, u, form, offsetSize);
                } else if (f[0] == LNCT_DIRECTORY_INDEX) {
                    e[1] = Long.toString(numberValue(c, form));
                } else {
                    FormReader.skip(c, form, u);
                }
            }
            out.add(e);
        }
        return out;
    }

    private static String pathValue(ByteCursor c, UnitContext u, int form, int offsetSize) {
        switch (form) {
            case FORM_STRING: return c.cstring();
            case FORM_LINE_STRP: return u.lineStrp(c.unsigned(offsetSize));
            case FORM_STRP: return u.strp(c.unsigned(offsetSize));
            default:
                AttributeValue v = FormReader.read(c, 0, form, 0, u);
                return v.asString().orElse("");
        }
    }

    private static long numberValue(ByteCursor c, int form) {
        switch (form) {
            case FORM_DATA1: return c.u8();
            case FORM_DATA2: return c.u16();
            case FORM_DATA4: return c.u32();
            case FORM_DATA8: return c.u64();
            case FORM_UDATA: return c.uleb128();
            default: throw c.fail("unexpected directory index form 0x" + Integer.toHexString(form));
        }
    }

    private static void check(ByteCursor c, int size) {
        if (size > MAX_ENTRIES) {
            throw c.fail("too many line table entries");
        }
    }
}
