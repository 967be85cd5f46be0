package io.tinydbg.dwarf;

import static io.tinydbg.dwarf.DwarfConstants.*;

import io.tinydbg.bytes.ByteCursor;
import java.util.List;

/** Parses the unit headers of {@code .debug_info} or {@code .debug_types} (DWARF 2-5, 32- and 64-bit). */
final class UnitHeaders {
    private UnitHeaders() {
    }

    static void parse(ByteCursor c, long flag, List<CompileUnit> out) {
        boolean typesSection = flag != 0;
        while (c.hasRemaining()) {
            int start = c.position();
            long length = c.u32();
            int offsetSize = 4;
            if (length == 0xffffffffL) {
                length = c.u64();
                offsetSize = 8;
            } else if (length >= 0xfffffff0L) {
                throw c.fail(start, "reserved unit length 0x" + Long.toHexString(length));
            }
            if (length < 0 || length > c.remaining()) {
                throw c.fail(start, "unit length " + Long.toUnsignedString(length) + " passes the end of the section");
            }
            long end = c.position() + length;
            ByteCursor h = c.slice(c.position(), length);
            c.seek(end);
            int version = h.u16();
            if (version < 2 || version > 5) {
                continue; // a unit this reader cannot decode: skipped, the others stay usable
            }
            int unitType;
            int addressSize;
            long abbrevOffset;
            long signature = 0;
            long typeOffset = 0;
            if (version >= 5) {
                unitType = h.u8();
                addressSize = h.u8();
                abbrevOffset = h.unsigned(offsetSize);
                switch (unitType) {
                    case UT_SKELETON: case UT_SPLIT_COMPILE:
                        h.u64(); // dwo_id
                        break;
                    case UT_TYPE: case UT_SPLIT_TYPE:
                        signature = h.u64();
                        typeOffset = h.unsigned(offsetSize);
                        break;
                    case UT_COMPILE: case UT_PARTIAL:
                        break;
                    default:
                        throw h.fail(2, "unknown unit type 0x" + Integer.toHexString(unitType));
                }
            } else {
                abbrevOffset = h.unsigned(offsetSize);
                addressSize = h.u8();
                unitType = typesSection ? UT_TYPE : UT_COMPILE;
                if (typesSection) {
                    signature = h.u64();
                    typeOffset = h.unsigned(offsetSize);
                }
            }
            if (addressSize != 4 && addressSize != 8 && addressSize != 2) {
                throw h.fail(0, "unsupported address size " + addressSize);
            }
            long dieOffset = h.sectionOffset();
            if (typeOffset != 0 && (typeOffset < dieOffset - start || typeOffset >= end - start)) {
                throw h.fail(0, "type offset 0x" + Long.toHexString(typeOffset) + " is outside its unit");
            }
            out.add(new CompileUnit(flag | start, version, unitType, addressSize, offsetSize, abbrevOffset,
                    flag | dieOffset, flag | end, signature, typeOffset == 0 ? 0 : flag | (start + typeOffset)));
        }
    }
}
