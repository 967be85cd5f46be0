package io.tinydbg.elf;

import io.tinydbg.bytes.ByteCursor;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads the notes of one note section or segment: namesz, descsz, type (u32 each), then the name and the
 * descriptor, each padded to the note alignment (4, or 8 for 8-aligned notes such as {@code .note.gnu.property}).
 */
final class NoteReader {
    private NoteReader() {
    }

    static void read(ByteCursor c, long alignment, List<ElfNote> into) {
        int align = alignment == 8 ? 8 : 4;
        while (c.remaining() >= 12) {
            int nameSize = c.u32AsInt("note name size");
            int descSize = c.u32AsInt("note descriptor size");
            int type = c.s32();
            byte[] nameBytes = c.bytes(nameSize);
            c.skip(padding(c.position(), align, c));
            byte[] desc = c.bytes(descSize);
            c.skip(padding(c.position(), align, c));
            int end = nameBytes.length;
            while (end > 0 && nameBytes[end - 1] == 0) {
                end--;
            }
            into.add(new ElfNote(new String(nameBytes, 0, end, StandardCharsets.UTF_8), type, desc));
        }
    }

    /** Bytes to the next multiple of {@code align}; the last note may omit its padding at the end of the data. */
    private static int padding(int position, int align, ByteCursor c) {
        int pad = (align - position % align) % align;
        return Math.min(pad, c.remaining());
    }
}
