package io.tinydbg.dwarf.cfi;

import io.tinydbg.bytes.ByteCursor;

/**
 * The DW_EH_PE_* pointer encodings of {@code .eh_frame} and {@code .eh_frame_hdr} (LSB 5.0, "DWARF Extensions"):
 * the low nibble says how the value is stored, the high bits what it is relative to.
 */
final class PointerEncoding {
    static final int OMIT = 0xff;
    static final int ABSPTR = 0x00;
    static final int PCREL = 0x10;
    static final int TEXTREL = 0x20;
    static final int DATAREL = 0x30;
    static final int FUNCREL = 0x40;
    static final int ALIGNED = 0x50;
    static final int INDIRECT = 0x80;

    /** Section-relative bases the encodings refer to. */
    record Bases(long sectionAddress, long textAddress, long dataAddress, int addressSize) {
    }

    private PointerEncoding() {
    }

    /** Reads a pointer encoded as {@code encoding}; indirect pointers are returned as the address of the slot. */
    static long read(ByteCursor c, int encoding, Bases bases) {
        if (encoding == OMIT) {
            return 0;
        }
        long fieldAddress = bases.sectionAddress() + c.sectionOffset();
        long base = switch (encoding & 0x70) {
            case ABSPTR -> 0;
            case PCREL -> fieldAddress;
            case TEXTREL -> bases.textAddress();
            case DATAREL -> bases.dataAddress();
            case FUNCREL -> 0;
            case ALIGNED -> {
                int misalign = (int) (c.sectionOffset() % bases.addressSize());
                if (misalign != 0) {
                    c.skip(bases.addressSize() - misalign);
                }
                yield 0;
            }
            default -> throw c.fail("unsupported pointer encoding 0x" + Integer.toHexString(encoding));
        };
        return base + readValue(c, encoding, bases.addressSize());
    }

    /** Reads the stored value of {@code encoding} without applying its base. */
    static long readValue(ByteCursor c, int encoding, int addressSize) {
        return switch (encoding & 0x0f) {
            case 0x00 -> c.unsigned(addressSize);
            case 0x01 -> c.uleb128();
            case 0x02 -> c.u16();
            case 0x03 -> c.u32();
            case 0x04, 0x0c -> c.u64();
            case 0x09 -> c.sleb128();
            case 0x0a -> c.s16();
            case 0x0b -> c.s32();
            default -> throw c.fail("unsupported pointer format 0x" + Integer.toHexString(encoding));
        };
    }

    /** Size of a fixed-size encoding, or -1 for LEB128 and unknown formats. */
    static int fixedSize(int encoding, int addressSize) {
        return switch (encoding & 0x0f) {
            case 0x00 -> addressSize;
            case 0x02, 0x0a -> 2;
            case 0x03, 0x0b -> 4;
            case 0x04, 0x0c -> 8;
            default -> -1;
        };
    }
}
