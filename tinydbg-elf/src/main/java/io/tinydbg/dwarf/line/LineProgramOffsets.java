package io.tinydbg.dwarf.line;

import io.tinydbg.bytes.ByteCursor;
import io.tinydbg.dwarf.DwarfSections;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Enumerates the line programs of {@code .debug_line} by chaining their unit lengths, without the compile units
 * that point at them: for tests and tools that want every program (normally a unit's DW_AT_stmt_list gives the
 * offset).
 */
public final class LineProgramOffsets {
    private LineProgramOffsets() {
    }

    /** The offset of every line program in {@code .debug_line}, in order; empty when there is no such section. */
    public static List<Long> all(DwarfSections sections) {
        Optional<ByteBuffer> bytes = sections.section(LineProgram.SECTION);
        List<Long> offsets = new ArrayList<>();
        if (bytes.isEmpty()) {
            return offsets;
        }
        ByteCursor in = new ByteCursor(sections.sourceName(), LineProgram.SECTION, bytes.get())
                .withOrder(sections.order());
        while (in.hasRemaining()) {
            long at = in.position();
            long length = in.u32();
            if (length == 0xffffffffL) {
                length = in.u64();
            } else if (length >= 0xfffffff0L) {
                throw in.fail(at, "reserved unit length 0x" + Long.toHexString(length));
            }
            if (length < 0 || length > in.remaining()) {
                throw in.fail(at, "unit length " + Long.toUnsignedString(length) + " passes the end of the section");
            }
            offsets.add(at);
            in.skip(length);
        }
        return offsets;
    }
}
