package io.tinydbg.dwarf;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * One decoded attribute of a DIE. Indexed forms (strx, addrx) are already resolved through the unit's bases;
 * references are absolute offsets (see {@link CompileUnit}); list indexes (rnglistx, loclistx) stay indexes
 * because their meaning depends on the attribute.
 *
 * @param attribute DW_AT_* code
 * @param form      the DW_FORM_* the value was encoded with (after DW_FORM_indirect)
 * @param kind      how to read the value
 * @param value     the number for every kind except STRING and BLOCK (signed constants sign-extended)
 * @param block     the bytes of BLOCK and EXPRLOC values (and data16), else null
 * @param string    the text of STRING values, else null
 */
public record AttributeValue(int attribute, int form, Kind kind, long value, byte[] block, String string) {

    /** What kind of value an attribute holds, from its form. */
    public enum Kind {
        ADDRESS, CONSTANT, SIGNED_CONSTANT, STRING, REFERENCE, BLOCK, EXPRLOC, FLAG, SECTION_OFFSET,
        RNGLISTX, LOCLISTX,
        /** The value lives in a file this library does not read (GNU_ref_alt, GNU_strp_alt, ref_sup). */
        UNAVAILABLE
    }

    /** The number held by a constant, address, flag, offset, index or reference value. */
    public OptionalLong asLong() {
        switch (kind) {
            case STRING: case BLOCK: case EXPRLOC: case UNAVAILABLE:
                return OptionalLong.empty();
            default:
                return OptionalLong.of(value);
        }
    }

    /** The text of a string value ("" when unavailable). */
    public Optional<String> asString() {
        if (kind == Kind.STRING) {
            return Optional.of(string);
        }
        return kind == Kind.UNAVAILABLE && isStringForm(form) ? Optional.of("") : Optional.empty();
    }

    private static boolean isStringForm(int form) {
        return form == DwarfConstants.FORM_GNU_STRP_ALT || form == DwarfConstants.FORM_STRP_SUP;
    }

    /** True for a constant whose form says nothing of its sign (data1..data8), which callers may sign-extend. */
    public boolean isUntypedData() {
        return form == DwarfConstants.FORM_DATA1 || form == DwarfConstants.FORM_DATA2
                || form == DwarfConstants.FORM_DATA4 || form == DwarfConstants.FORM_DATA8;
    }

    @Override
    public String toString() {
        switch (kind) {
            case STRING: return "AttributeValue[0x" + Integer.toHexString(attribute) + "=\"" + string + "\"]";
            case BLOCK: case EXPRLOC: return "AttributeValue[0x" + Integer.toHexString(attribute) + "=" + block.length
                    + " bytes]";
            default: return "AttributeValue[0x" + Integer.toHexString(attribute) + "=" + kind + " 0x"
                    + Long.toHexString(value) + "]";
        }
    }
}
