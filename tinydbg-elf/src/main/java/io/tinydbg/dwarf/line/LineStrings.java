package io.tinydbg.dwarf.line;

import io.tinydbg.bytes.ByteCursor;
import io.tinydbg.dwarf.DwarfSections;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Resolves the string forms a DWARF 5 file table may use: offsets into {@code .debug_str} and
 * {@code .debug_line_str}, and indexes through {@code .debug_str_offsets} (which needs the unit's
 * DW_AT_str_offsets_base, as the line program itself does not say where its unit's offsets start).
 */
final class LineStrings {
    static final long NO_STR_OFFSETS_BASE = -1;

    /** Makes the resolver once the header has told the offset size. */
    @FunctionalInterface
    interface Factory {
        LineStrings create(int offsetSize);
    }

    private final DwarfSections sections;
    private final int offsetSize;
    private final long strOffsetsBase;
    private ByteCursor str;
    private ByteCursor lineStr;
    private ByteCursor strOffsets;

    LineStrings(DwarfSections sections, int offsetSize, long strOffsetsBase) {
        this.sections = sections;
        this.offsetSize = offsetSize;
        this.strOffsetsBase = strOffsetsBase;
    }

    /** DW_FORM_strp: a string in {@code .debug_str}; {@code at} is the form's position for error messages. */
    String strp(ByteCursor at, long offset) {
        if (str == null) {
            str = open(at, ".debug_str");
        }
        return stringAt(at, str, offset);
    }

    /** DW_FORM_line_strp: a string in {@code .debug_line_str}. */
    String lineStrp(ByteCursor at, long offset) {
        if (lineStr == null) {
            lineStr = open(at, ".debug_line_str");
        }
        return stringAt(at, lineStr, offset);
    }

    /** DW_FORM_strx*: entry {@code index} of the unit's {@code .debug_str_offsets} table. */
    String strx(ByteCursor at, long index) {
        if (strOffsetsBase == NO_STR_OFFSETS_BASE) {
            throw at.fail("DW_FORM_strx in the file table, but the unit's str_offsets_base was not given");
        }
        if (strOffsets == null) {
            strOffsets = open(at, ".debug_str_offsets");
        }
        if (index < 0 || index > (Integer.MAX_VALUE - strOffsetsBase) / offsetSize) {
            throw at.fail("string index " + Long.toUnsignedString(index) + " is out of range");
        }
        long entry = strOffsetsBase + index * offsetSize;
        long offset = strOffsets.seek(entry).unsigned(offsetSize);
        return strp(at, offset);
    }

    private ByteCursor open(ByteCursor at, String name) {
        Optional<ByteBuffer> bytes = sections.section(name);
        if (bytes.isEmpty()) {
            throw at.fail("the file table refers to " + name + ", which is missing");
        }
        return new ByteCursor(sections.sourceName(), name, bytes.get()).withOrder(at.order());
    }

    private static String stringAt(ByteCursor at, ByteCursor section, long offset) {
        if (offset < 0 || offset >= section.limit()) {
            throw at.fail("string offset 0x" + Long.toHexString(offset) + " is outside " + section.section());
        }
        return section.cstringAt(offset);
    }
}
