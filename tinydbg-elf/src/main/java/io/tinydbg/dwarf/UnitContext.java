package io.tinydbg.dwarf;

import static io.tinydbg.dwarf.DwarfConstants.*;

import io.tinydbg.bytes.ByteCursor;

/**
 * What decoding the DIEs of one unit needs beyond its header: its abbreviations and the bases that indexed forms
 * (strx, addrx, rnglistx, loclistx) are relative to. The bases are attributes of the root DIE, which may itself use
 * indexed forms, so they are read first in a raw pass that decodes only them.
 */
final class UnitContext {
    private final Dwarf dwarf;
    private final CompileUnit header;
    private final AbbrevTable abbrevs;
    private final String sectionName;
    private long strOffsetsBase;
    private long addrBase;
    private long rnglistsBase;
    private long loclistsBase;
    private long lowPc;
    private int language;

    UnitContext(Dwarf dwarf, CompileUnit header, AbbrevTable abbrevs) {
        this.dwarf = dwarf;
        this.header = header;
        this.abbrevs = abbrevs;
        this.sectionName = header.inTypesSection() ? ".debug_types" : ".debug_info";
        // DWARF 5 defaults: the first entry after the contribution's header (used by .dwo units without bases).
        this.strOffsetsBase = header.offsetSize() == 8 ? 16 : 8;
        if (header.unitType() == UT_SPLIT_COMPILE || header.unitType() == UT_SPLIT_TYPE) {
            // A split unit's list indexes start after its .dwo contribution's header (no base attributes there).
            this.rnglistsBase = header.offsetSize() == 8 ? 20 : 12;
            this.loclistsBase = this.rnglistsBase;
        }
        readBases();
    }

    private void readBases() {
        ByteCursor c = cursorAt(header.dieOffset());
        int code = c.uleb128AsInt("abbreviation code");
        Abbrev a = abbrev(code, c);
        if (a == null) {
            return;
        }
        int lowPcForm = -1;
        long lowPcRaw = 0;
        for (int i = 0; i < a.attributes().length; i++) {
            int at = a.attributes()[i];
            int form = a.forms()[i];
            switch (at) {
                case AT_STR_OFFSETS_BASE:
                    strOffsetsBase = rawNumber(c, form, a.implicitConsts()[i]);
                    break;
                case AT_ADDR_BASE: case AT_GNU_ADDR_BASE:
                    addrBase = rawNumber(c, form, a.implicitConsts()[i]);
                    break;
                case AT_RNGLISTS_BASE:
                    rnglistsBase = rawNumber(c, form, a.implicitConsts()[i]);
                    break;
                case AT_LOCLISTS_BASE:
                    loclistsBase = rawNumber(c, form, a.implicitConsts()[i]);
                    break;
                case AT_LANGUAGE:
                    language = (int) rawNumber(c, form, a.implicitConsts()[i]);
                    break;
                case AT_LOW_PC:
                    lowPcForm = form;
                    lowPcRaw = form == FORM_ADDR ? c.unsigned(header.addressSize()) : rawNumber(c, form, 0);
                    break;
                default:
                    FormReader.skip(c, form, this);
            }
        }
        if (lowPcForm == FORM_ADDR) {
            lowPc = lowPcRaw;
        } else if (lowPcForm >= 0) {
            lowPc = address(lowPcRaw);
        }
    }

    /** Reads an integer of a numeric form without resolving anything (for base attributes and indexes). */
    private long rawNumber(ByteCursor c, int form, long implicitConst) {
        switch (form) {
            case FORM_DATA1: case FORM_STRX1: case FORM_ADDRX1: return c.u8();
            case FORM_DATA2: case FORM_STRX2: case FORM_ADDRX2: return c.u16();
            case FORM_STRX3: case FORM_ADDRX3: return c.u24();
            case FORM_DATA4: case FORM_STRX4: case FORM_ADDRX4: return c.u32();
            case FORM_DATA8: return c.u64();
            case FORM_SEC_OFFSET: return c.unsigned(header.offsetSize());
            case FORM_UDATA: case FORM_ADDRX: case FORM_STRX: case FORM_GNU_ADDR_INDEX: return c.uleb128();
            case FORM_SDATA: return c.sleb128();
            case FORM_IMPLICIT_CONST: return implicitConst;
            default:
                FormReader.skip(c, form, this);
                return 0;
        }
    }

    Abbrev abbrev(int code, ByteCursor c) {
        if (code == 0) {
            return null;
        }
        Abbrev a = abbrevs.get(code);
        if (a == null) {
            throw c.fail("abbreviation code " + code + " is not in the unit's table at 0x"
                    + Long.toHexString(header.abbrevOffset()));
        }
        return a;
    }

    /** A cursor over the unit's section positioned at absolute {@code offset} (flag bit allowed). */
    ByteCursor cursorAt(long offset) {
        ByteCursor c = dwarf.cursor(sectionName);
        c.seek(offset & ~Dwarf.TYPES_SECTION_FLAG);
        return c;
    }

    Dwarf dwarf() {
        return dwarf;
    }

    CompileUnit header() {
        return header;
    }

    int language() {
        return language;
    }

    long lowPc() {
        return lowPc;
    }

    long strOffsetsBase() {
        return strOffsetsBase;
    }

    long addrBase() {
        return addrBase;
    }

    long rnglistsBase() {
        return rnglistsBase;
    }

    long loclistsBase() {
        return loclistsBase;
    }

    /** Entry {@code index} of the unit's contribution to {@code .debug_addr}. */
    long address(long index) {
        ByteCursor c = dwarf.cursor(".debug_addr");
        long at = addrBase + index * header.addressSize();
        if (index < 0 || index > Integer.MAX_VALUE || at < 0) {
            throw c.fail(addrBase, "address index " + Long.toUnsignedString(index) + " is out of range");
        }
        c.seek(at);
        return c.unsigned(header.addressSize());
    }

    /** String {@code index} of the unit's contribution to {@code .debug_str_offsets}. */
    String indexedString(long index) {
        ByteCursor c = dwarf.cursor(".debug_str_offsets");
        long at = strOffsetsBase + index * header.offsetSize();
        if (index < 0 || index > Integer.MAX_VALUE || at < 0) {
            throw c.fail(strOffsetsBase, "string index " + Long.toUnsignedString(index) + " is out of range");
        }
        c.seek(at);
        return strp(c.unsigned(header.offsetSize()));
    }

    String strp(long offset) {
        return dwarf.string(".debug_str", offset);
    }

    String lineStrp(long offset) {
        return dwarf.string(".debug_line_str", offset);
    }
}
