package io.tinydbg.dwarf.cfi;

import io.tinydbg.bytes.ByteCursor;
import java.util.OptionalLong;

/**
 * The {@code .eh_frame_hdr} section: a table of (initial pc, FDE address) pairs sorted by pc, which lets a lookup
 * find the FDE of a pc by binary search without reading all of {@code .eh_frame}.
 */
final class EhFrameHeader {
    private final ByteCursor table;
    private final int count;
    private final int entrySize;
    private final int encoding;
    private final PointerEncoding.Bases bases;

    private EhFrameHeader(ByteCursor table, int count, int entrySize, int encoding, PointerEncoding.Bases bases) {
        this.table = table;
        this.count = count;
        this.entrySize = entrySize;
        this.encoding = encoding;
        this.bases = bases;
    }

    /**
     * Reads the header, or returns null when it has no search table or uses an encoding that cannot be binary
     * searched (variable-size entries); the caller then indexes {@code .eh_frame} itself.
     */
    static EhFrameHeader read(ByteCursor c, long address, long textAddress) {
        PointerEncoding.Bases hdrBases = new PointerEncoding.Bases(address, textAddress, address, 8);
        int version = c.u8();
        if (version != 1) {
            throw c.fail(0, "unsupported .eh_frame_hdr version " + version);
        }
        int framePtrEncoding = c.u8();
        int countEncoding = c.u8();
        int tableEncoding = c.u8();
        PointerEncoding.read(c, framePtrEncoding, hdrBases);
        if (countEncoding == PointerEncoding.OMIT || tableEncoding == PointerEncoding.OMIT) {
            return null;
        }
        long count = PointerEncoding.read(c, countEncoding, hdrBases);
        int size = PointerEncoding.fixedSize(tableEncoding, 8);
        if (size < 0 || (tableEncoding & PointerEncoding.INDIRECT) != 0) {
            return null;
        }
        if (count < 0 || count > c.remaining() / (2L * size)) {
            throw c.fail("search table of " + Long.toUnsignedString(count) + " entries passes the end");
        }
        ByteCursor table = c.take(count * 2 * size);
        return new EhFrameHeader(table, (int) count, 2 * size, tableEncoding, hdrBases);
    }

    /** The address of the FDE whose initial pc is the greatest not above {@code pc}, if any. */
    OptionalLong fdeAddressFor(long pc) {
        int lo = 0;
        int hi = count - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(initialPc(mid), pc) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0) {
            return OptionalLong.empty();
        }
        ByteCursor c = table.slice(0, table.limit()).seek((long) found * entrySize + entrySize / 2);
        return OptionalLong.of(PointerEncoding.read(c, encoding, bases));
    }

    private long initialPc(int index) {
        ByteCursor c = table.slice(0, table.limit()).seek((long) index * entrySize);
        return PointerEncoding.read(c, encoding, bases);
    }
}
