package io.tinydbg.dwarf.line;

import static io.tinydbg.dwarf.line.LineConstants.*;

import io.tinydbg.bytes.ByteCursor;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a DWARF 5 directory or file-name table: first the entry format (pairs of content type and form), then the
 * entries, each a value per format pair. Only the path, directory index and MD5 are kept; every other content
 * type (timestamps, sizes, vendor extensions such as LLVM's embedded source) is read past by its form.
 */
final class EntryTable {
    private EntryTable() {
    }

    static List<FileEntry> read(ByteCursor in, LineStrings strings, int offsetSize, String what) {
        int formatCount = in.u8();
        long[] types = new long[formatCount];
        int[] forms = new int[formatCount];
        for (int i = 0; i < formatCount; i++) {
            types[i] = in.uleb128();
            forms[i] = in.uleb128AsInt("form");
        }
        int countAt = in.position();
        long count = in.uleb128();
        // Every form used here takes at least one byte, so the remaining bytes bound the count; this keeps a
        // corrupt count from allocating or looping without end.
        if (count < 0 || (count > 0 && formatCount == 0) || count > in.remaining()) {
            throw in.fail(countAt, what + " count " + Long.toUnsignedString(count) + " does not fit the header");
        }
        List<FileEntry> entries = new ArrayList<>((int) count);
        for (long e = 0; e < count; e++) {
            String path = null;
            long directory = 0;
            byte[] md5 = null;
            for (int i = 0; i < formatCount; i++) {
                int at = in.position();
                Object value = readForm(in, forms[i], strings, offsetSize);
                if (types[i] == DW_LNCT_path) {
                    if (!(value instanceof String s)) {
                        throw in.fail(at, "DW_LNCT_path with non-string form 0x" + Integer.toHexString(forms[i]));
                    }
                    path = s;
                } else if (types[i] == DW_LNCT_directory_index) {
                    if (!(value instanceof Long l)) {
                        throw in.fail(at, "DW_LNCT_directory_index with non-constant form 0x"
                                + Integer.toHexString(forms[i]));
                    }
                    directory = l;
                } else if (types[i] == DW_LNCT_MD5 && value instanceof byte[] b && b.length == 16) {
                    md5 = b;
                }
            }
            entries.add(new FileEntry(path == null ? "" : path, directory, md5));
        }
        return entries;
    }

    /** A String, a Long or a byte[] (blocks and data16), by the form's encoding. */
    private static Object readForm(ByteCursor in, int form, LineStrings strings, int offsetSize) {
        switch (form) {
            case DW_FORM_string: return in.cstring();
            case DW_FORM_line_strp: return strings.lineStrp(in, in.unsigned(offsetSize));
            case DW_FORM_strp: return strings.strp(in, in.unsigned(offsetSize));
            case DW_FORM_strx: return strings.strx(in, in.uleb128());
            case DW_FORM_strx1: return strings.strx(in, in.u8());
            case DW_FORM_strx2: return strings.strx(in, in.u16());
            case DW_FORM_strx3: return strings.strx(in, in.u24());
            case DW_FORM_strx4: return strings.strx(in, in.u32());
            case DW_FORM_udata: return in.uleb128();
            case DW_FORM_sdata: return in.sleb128();
            case DW_FORM_data1: return (long) in.u8();
            case DW_FORM_data2: return (long) in.u16();
            case DW_FORM_data4: return in.u32();
            case DW_FORM_data8: return in.u64();
            case DW_FORM_data16: return in.bytes(16);
            case DW_FORM_block: return block(in, in.uleb128());
            case DW_FORM_block1: return block(in, in.u8());
            case DW_FORM_block2: return block(in, in.u16());
            case DW_FORM_block4: return block(in, in.u32());
            default: throw in.fail("form 0x" + Integer.toHexString(form) + " is not allowed in a line table entry");
        }
    }

    private static byte[] block(ByteCursor in, long length) {
        if (length < 0 || length > in.remaining()) {
            throw in.fail("block of " + Long.toUnsignedString(length) + " bytes passes the end of the header");
        }
        return in.bytes((int) length);
    }
}
