package io.tinydbg.dwarf;

import static io.tinydbg.dwarf.DwarfConstants.*;

import io.tinydbg.bytes.ByteCursor;
import io.tinydbg.dwarf.AttributeValue.Kind;

/** Decodes and skips attribute values of every DW_FORM of DWARF 2 to 5 and the GNU extensions. */
final class FormReader {
    /** DW_FORM_indirect names the form in the data; a chain of them is malformed past this depth. */
    private static final int MAX_INDIRECT = 4;

    private FormReader() {
    }

    /** Moves the cursor past a value of {@code form} without decoding it. */
    static void skip(ByteCursor c, int form, UnitContext u) {
        for (int depth = 0; ; depth++) {
            switch (form) {
                case FORM_FLAG_PRESENT: case FORM_IMPLICIT_CONST:
                    return;
                case FORM_ADDR:
                    c.skip(u.header().addressSize());
                    return;
                case FORM_DATA1: case FORM_REF1: case FORM_FLAG: case FORM_STRX1: case FORM_ADDRX1:
                    c.skip(1);
                    return;
                case FORM_DATA2: case FORM_REF2: case FORM_STRX2: case FORM_ADDRX2:
                    c.skip(2);
                    return;
                case FORM_STRX3: case FORM_ADDRX3:
                    c.skip(3);
                    return;
                case FORM_DATA4: case FORM_REF4: case FORM_STRX4: case FORM_ADDRX4: case FORM_REF_SUP4:
                    c.skip(4);
                    return;
                case FORM_DATA8: case FORM_REF8: case FORM_REF_SIG8: case FORM_REF_SUP8:
                    c.skip(8);
                    return;
                case FORM_DATA16:
                    c.skip(16);
                    return;
                case FORM_SDATA:
                    c.sleb128();
                    return;
                case FORM_UDATA: case FORM_REF_UDATA: case FORM_STRX: case FORM_ADDRX: case FORM_LOCLISTX:
                case FORM_RNGLISTX: case FORM_GNU_ADDR_INDEX: case FORM_GNU_STR_INDEX:
                    c.uleb128();
                    return;
                case FORM_STRING:
                    c.cstring();
                    return;
                case FORM_STRP: case FORM_LINE_STRP: case FORM_SEC_OFFSET: case FORM_STRP_SUP:
                case FORM_GNU_REF_ALT: case FORM_GNU_STRP_ALT:
                    c.skip(u.header().offsetSize());
                    return;
                case FORM_REF_ADDR:
                    c.skip(u.header().version() <= 2 ? u.header().addressSize() : u.header().offsetSize());
                    return;
                case FORM_BLOCK1:
                    c.skip(c.u8());
                    return;
                case FORM_BLOCK2:
                    c.skip(c.u16());
                    return;
                case FORM_BLOCK4:
                    c.skip(c.u32());
                    return;
                case FORM_BLOCK: case FORM_EXPRLOC:
                    skipLength(c, c.uleb128());
                    return;
                case FORM_INDIRECT:
                    if (depth >= MAX_INDIRECT) {
                        throw c.fail("too many nested DW_FORM_indirect");
                    }
                    form = c.uleb128AsInt("form");
                    break;
                default:
                    throw c.fail("unknown attribute form 0x" + Integer.toHexString(form));
            }
        }
    }

    private static void skipLength(ByteCursor c, long length) {
        if (length < 0 || length > c.remaining()) {
            throw c.fail("block of " + Long.toUnsignedString(length) + " bytes passes the end");
        }
        c.skip(length);
    }

    /** Decodes a value of {@code form} for {@code attribute}, resolving string and address indexes. */
    static AttributeValue read(ByteCursor c, int attribute, int form, long implicitConst, UnitContext u) {
        for (int depth = 0; ; depth++) {
            switch (form) {
                case FORM_ADDR:
                    return of(attribute, form, Kind.ADDRESS, c.unsigned(u.header().addressSize()));
                case FORM_ADDRX: case FORM_GNU_ADDR_INDEX:
                    return of(attribute, form, Kind.ADDRESS, u.address(c.uleb128()));
                case FORM_ADDRX1:
                    return of(attribute, form, Kind.ADDRESS, u.address(c.u8()));
                case FORM_ADDRX2:
                    return of(attribute, form, Kind.ADDRESS, u.address(c.u16()));
                case FORM_ADDRX3:
                    return of(attribute, form, Kind.ADDRESS, u.address(c.u24()));
                case FORM_ADDRX4:
                    return of(attribute, form, Kind.ADDRESS, u.address(c.u32()));
                case FORM_DATA1:
                    return constantOrOffset(attribute, form, c.u8(), u);
                case FORM_DATA2:
                    return constantOrOffset(attribute, form, c.u16(), u);
                case FORM_DATA4:
                    return constantOrOffset(attribute, form, c.u32(), u);
                case FORM_DATA8:
                    return constantOrOffset(attribute, form, c.u64(), u);
                case FORM_DATA16:
                    return new AttributeValue(attribute, form, Kind.BLOCK, 0, c.bytes(16), null);
                case FORM_SDATA:
                    return of(attribute, form, Kind.SIGNED_CONSTANT, c.sleb128());
                case FORM_UDATA:
                    return of(attribute, form, Kind.CONSTANT, c.uleb128());
                case FORM_IMPLICIT_CONST:
                    return of(attribute, form, Kind.SIGNED_CONSTANT, implicitConst);
                case FORM_FLAG:
                    return of(attribute, form, Kind.FLAG, c.u8() != 0 ? 1 : 0);
                case FORM_FLAG_PRESENT:
                    return of(attribute, form, Kind.FLAG, 1);
                case FORM_STRING:
                    return string(attribute, form, c.cstring());
                case FORM_STRP:
                    return string(attribute, form, u.strp(c.unsigned(u.header().offsetSize())));
                case FORM_LINE_STRP:
                    return string(attribute, form, u.lineStrp(c.unsigned(u.header().offsetSize())));
                case FORM_STRX: case FORM_GNU_STR_INDEX:
                    return string(attribute, form, u.indexedString(c.uleb128()));
                case FORM_STRX1:
                    return string(attribute, form, u.indexedString(c.u8()));
                case FORM_STRX2:
                    return string(attribute, form, u.indexedString(c.u16()));
                case FORM_STRX3:
                    return string(attribute, form, u.indexedString(c.u24()));
                case FORM_STRX4:
                    return string(attribute, form, u.indexedString(c.u32()));
                case FORM_STRP_SUP: case FORM_GNU_STRP_ALT: case FORM_GNU_REF_ALT:
                    return of(attribute, form, Kind.UNAVAILABLE, c.unsigned(u.header().offsetSize()));
                case FORM_REF_SUP4:
                    return of(attribute, form, Kind.UNAVAILABLE, c.u32());
                case FORM_REF_SUP8:
                    return of(attribute, form, Kind.UNAVAILABLE, c.u64());
                case FORM_REF1:
                    return local(attribute, form, c.u8(), u, c);
                case FORM_REF2:
                    return local(attribute, form, c.u16(), u, c);
                case FORM_REF4:
                    return local(attribute, form, c.u32(), u, c);
                case FORM_REF8:
                    return local(attribute, form, c.u64(), u, c);
                case FORM_REF_UDATA:
                    return local(attribute, form, c.uleb128(), u, c);
                case FORM_REF_ADDR: {
                    int size = u.header().version() <= 2 ? u.header().addressSize() : u.header().offsetSize();
                    return of(attribute, form, Kind.REFERENCE, c.unsigned(size));
                }
                case FORM_REF_SIG8: {
                    int at = c.position();
                    long sig = c.u64();
                    long target = u.dwarf().typeUnitDie(sig);
                    if (target < 0) {
                        throw c.fail(at, "no type unit with signature 0x" + Long.toHexString(sig));
                    }
                    return of(attribute, form, Kind.REFERENCE, target);
                }
                case FORM_SEC_OFFSET:
                    return of(attribute, form, Kind.SECTION_OFFSET, c.unsigned(u.header().offsetSize()));
                case FORM_EXPRLOC:
                    return new AttributeValue(attribute, form, Kind.EXPRLOC, 0, block(c, c.uleb128()), null);
                case FORM_BLOCK:
                    return new AttributeValue(attribute, form, Kind.BLOCK, 0, block(c, c.uleb128()), null);
                case FORM_BLOCK1:
                    return new AttributeValue(attribute, form, Kind.BLOCK, 0, block(c, c.u8()), null);
                case FORM_BLOCK2:
                    return new AttributeValue(attribute, form, Kind.BLOCK, 0, block(c, c.u16()), null);
                case FORM_BLOCK4:
                    return new AttributeValue(attribute, form, Kind.BLOCK, 0, block(c, c.u32()), null);
                case FORM_LOCLISTX:
                    return of(attribute, form, Kind.LOCLISTX, c.uleb128());
                case FORM_RNGLISTX:
                    return of(attribute, form, Kind.RNGLISTX, c.uleb128());
                case FORM_INDIRECT:
                    if (depth >= MAX_INDIRECT) {
                        throw c.fail("too many nested DW_FORM_indirect");
                    }
                    form = c.uleb128AsInt("form");
                    break;
                default:
                    throw c.fail("unknown attribute form 0x" + Integer.toHexString(form));
            }
        }
    }

    private static byte[] block(ByteCursor c, long length) {
        if (length < 0 || length > c.remaining()) {
            throw c.fail("block of " + Long.toUnsignedString(length) + " bytes passes the end");
        }
        return c.bytes((int) length);
    }

    /**
     * Before DWARF 4, data4 and data8 also encoded section offsets (location lists, range lists, line tables); the
     * attribute tells which.
     */
    private static AttributeValue constantOrOffset(int attribute, int form, long v, UnitContext u) {
        boolean offsetAttribute = attribute == AT_LOCATION || attribute == AT_STMT_LIST
                || attribute == AT_RANGES || attribute == AT_FRAME_BASE;
        if (u.header().version() < 4 && (form == FORM_DATA4 || form == FORM_DATA8) && offsetAttribute) {
            return of(attribute, form, Kind.SECTION_OFFSET, v);
        }
        return of(attribute, form, Kind.CONSTANT, v);
    }

    private static AttributeValue local(int attribute, int form, long rel, UnitContext u, ByteCursor c) {
        long target = u.header().offset() + rel;
        if (rel < 0 || !u.header().contains(target)) {
            throw c.fail("reference 0x" + Long.toHexString(rel) + " leaves its unit");
        }
        return of(attribute, form, Kind.REFERENCE, target);
    }

    private static AttributeValue of(int attribute, int form, Kind kind, long value) {
        return new AttributeValue(attribute, form, kind, value, null, null);
    }

    private static AttributeValue string(int attribute, int form, String s) {
        return new AttributeValue(attribute, form, Kind.STRING, 0, null, s);
    }
}
