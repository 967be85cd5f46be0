package io.tinydbg.dwarf;

import static io.tinydbg.dwarf.DwarfConstants.*;

import io.tinydbg.bytes.ByteCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a location attribute (DW_AT_location, DW_AT_frame_base) into a {@link LocationDescription}: expressions
 * as they are, location lists from {@code .debug_loc} (DWARF 2-4) or {@code .debug_loclists} (DWARF 5) resolved to
 * absolute addresses.
 */
final class LocationLists {
    /** The default-location entry of DWARF 5 holds everywhere no other entry does. */
    private static final long EVERYWHERE_END = -1L;

    private LocationLists() {
    }

    static LocationDescription of(UnitContext u, Optional<AttributeValue> attribute) {
        if (attribute.isEmpty()) {
            return LocationDescription.None.INSTANCE;
        }
        AttributeValue v = attribute.get();
        switch (v.kind()) {
            case EXPRLOC: case BLOCK:
                return new LocationDescription.Expression(v.block());
            case LOCLISTX:
                return new LocationDescription.LocationList(
                        loclists(u, RangeLists.listOffset(u, ".debug_loclists", u.loclistsBase(), v.value())));
            case SECTION_OFFSET:
                return new LocationDescription.LocationList(u.header().version() >= 5
                        ? loclists(u, v.value()) : loc(u, v.value()));
            default:
                return LocationDescription.None.INSTANCE;
        }
    }

    private static List<LocationListEntry> loc(UnitContext u, long offset) {
        List<LocationListEntry> out = new ArrayList<>();
        RangeLists.walkPreV5(u, ".debug_loc", offset,
                (c, low, high) -> out.add(new LocationListEntry(low, high, c.bytes(c.u16()))));
        return out;
    }

    private static List<LocationListEntry> loclists(UnitContext u, long offset) {
        ByteCursor c = u.dwarf().cursor(".debug_loclists");
        c.seek(offset);
        int size = u.header().addressSize();
        long base = u.lowPc();
        List<LocationListEntry> out = new ArrayList<>();
        List<LocationListEntry> defaults = new ArrayList<>();
        while (true) {
            int kind = c.u8();
            long low;
            long high;
            switch (kind) {
                case LLE_END_OF_LIST:
                    out.addAll(defaults); // a default holds only where no bounded entry does
                    return out;
                case LLE_BASE_ADDRESSX:
                    base = u.address(c.uleb128());
                    continue;
                case LLE_BASE_ADDRESS:
                    base = c.unsigned(size);
                    continue;
                case LLE_STARTX_ENDX:
                    low = u.address(c.uleb128());
                    high = u.address(c.uleb128());
                    break;
                case LLE_STARTX_LENGTH:
                    low = u.address(c.uleb128());
                    high = low + c.uleb128();
                    break;
                case LLE_OFFSET_PAIR:
                    low = base + c.uleb128();
                    high = base + c.uleb128();
                    break;
                case LLE_DEFAULT_LOCATION:
                    low = 0;
                    high = EVERYWHERE_END;
                    break;
                case LLE_START_END:
                    low = c.unsigned(size);
                    high = c.unsigned(size);
                    break;
                case LLE_START_LENGTH:
                    low = c.unsigned(size);
                    high = low + c.uleb128();
                    break;
                case LLE_GNU_VIEW_PAIR:
                    c.uleb128();
                    c.uleb128();
                    continue;
                default:
                    throw c.fail(c.position() - 1L, "unknown location list entry kind 0x" + Integer.toHexString(kind));
            }
            long length = c.uleb128();
            if (length < 0 || length > c.remaining()) {
                throw c.fail("location expression of " + Long.toUnsignedString(length) + " bytes passes the end");
            }
            (kind == LLE_DEFAULT_LOCATION ? defaults : out).add(new LocationListEntry(low, high, c.bytes((int) length)));
        }
    }
}
