package io.tinydbg.dwarf;

import static io.tinydbg.dwarf.DwarfConstants.*;

import io.tinydbg.bytes.ByteCursor;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads DW_AT_ranges: {@code .debug_ranges} (DWARF 2-4, address pairs with base-address selection entries) and
 * {@code .debug_rnglists} (DWARF 5, DW_RLE_* entries, possibly reached through DW_FORM_rnglistx). Empty ranges
 * are dropped. Every entry consumes bytes, so a list ends at the latest with its section.
 */
final class RangeLists {
    private RangeLists() {
    }

    /** The ranges DW_AT_ranges {@code value} of a DIE of unit {@code u} names. */
    static List<AddressRange> read(UnitContext u, AttributeValue value) {
        if (value.kind() == AttributeValue.Kind.RNGLISTX) {
            return rnglists(u, listOffset(u, ".debug_rnglists", u.rnglistsBase(), value.value()));
        }
        if (value.kind() != AttributeValue.Kind.SECTION_OFFSET && value.kind() != AttributeValue.Kind.CONSTANT) {
            return List.of();
        }
        if (u.header().version() >= 5) {
            return rnglists(u, value.value());
        }
        return ranges(u, value.value());
    }

    /** Resolves entry {@code index} of the offset table at {@code base} of a DWARF 5 list section. */
    static long listOffset(UnitContext u, String section, long base, long index) {
        ByteCursor c = u.dwarf().cursor(section);
        int size = u.header().offsetSize();
        long at = base + index * size;
        if (index < 0 || index > Integer.MAX_VALUE || at < 0) {
            throw c.fail(base, "list index " + Long.toUnsignedString(index) + " is out of range");
        }
        c.seek(at);
        return base + c.unsigned(size);
    }

    private static List<AddressRange> ranges(UnitContext u, long offset) {
        List<AddressRange> out = new ArrayList<>();
        walkPreV5(u, ".debug_ranges", offset, (c, low, high) -> add(out, low, high));
        return out;
    }

    /** Receives one entry of a DWARF 2-4 list: its absolute range, with the cursor on what follows the pair. */
    interface PreV5Entry {
        void accept(ByteCursor c, long low, long high);
    }

    /**
     * Walks a DWARF 2-4 range or location list (.debug_ranges, .debug_loc): address pairs relative to a base that
     * starts as the unit's low_pc and changes at a base-address selection entry, until a pair of zeros.
     */
    static void walkPreV5(UnitContext u, String section, long offset, PreV5Entry entry) {
        ByteCursor c = u.dwarf().cursor(section);
        c.seek(offset);
        int size = u.header().addressSize();
        long max = size == 8 ? -1L : (1L << (size * 8)) - 1;
        long base = u.lowPc();
        while (true) {
            long start = c.unsigned(size);
            long end = c.unsigned(size);
            if (start == 0 && end == 0) {
                return;
            }
            if (start == max) {
                base = end;
                continue;
            }
            entry.accept(c, base + start, base + end);
        }
    }

    private static List<AddressRange> rnglists(UnitContext u, long offset) {
        ByteCursor c = u.dwarf().cursor(".debug_rnglists");
        c.seek(offset);
        int size = u.header().addressSize();
        long base = u.lowPc();
        List<AddressRange> out = new ArrayList<>();
        while (true) {
            int kind = c.u8();
            switch (kind) {
                case RLE_END_OF_LIST:
                    return out;
                case RLE_BASE_ADDRESSX:
                    base = u.address(c.uleb128());
                    break;
                case RLE_STARTX_ENDX: {
                    long s = u.address(c.uleb128());
                    add(out, s, u.address(c.uleb128()));
                    break;
                }
                case RLE_STARTX_LENGTH: {
                    long s = u.address(c.uleb128());
                    add(out, s, s + c.uleb128());
                    break;
                }
                case RLE_OFFSET_PAIR: {
                    long s = c.uleb128();
                    add(out, base + s, base + c.uleb128());
                    break;
                }
                case RLE_BASE_ADDRESS:
                    base = c.unsigned(size);
                    break;
                case RLE_START_END: {
                    long s = c.unsigned(size);
                    add(out, s, c.unsigned(size));
                    break;
                }
                case RLE_START_LENGTH: {
                    long s = c.unsigned(size);
                    add(out, s, s + c.uleb128());
                    break;
                }
                default:
                    throw c.fail(c.position() - 1L, "unknown range list entry kind 0x" + Integer.toHexString(kind));
            }
        }
    }

    private static void add(List<AddressRange> out, long low, long high) {
        AddressRange r = new AddressRange(low, high);
        if (!r.isEmpty()) {
            out.add(r);
        }
    }
}
