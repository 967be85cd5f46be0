package io.tinydbg.elf;

import io.tinydbg.bytes.ByteCursor;
import io.tinydbg.bytes.MalformedInputException;
import java.nio.ByteBuffer;

/**
 * Reads and checks the ELF file header: the identification bytes decide between "not ELF", "ELF we do not read"
 * and ELF64 little-endian; the counts are resolved through section 0 for extended numbering.
 */
final class HeaderReader {
    static final int EHDR_SIZE = 64;
    static final int SHDR_SIZE = 64;
    static final int PHDR_SIZE = 56;
    private static final int PN_XNUM = 0xffff;
    private static final int SHN_XINDEX = 0xffff;

    private HeaderReader() {
    }

    static ElfHeader read(String name, ByteBuffer file) {
        int size = file.limit();
        if (size < 4 || file.get(0) != 0x7f || file.get(1) != 'E' || file.get(2) != 'L' || file.get(3) != 'F') {
            throw new NotElfException(name);
        }
        if (size < 7) {
            throw new MalformedInputException(name, "ELF header", 4, "ELF identification truncated");
        }
        int elfClass = file.get(4) & 0xff;
        int data = file.get(5) & 0xff;
        int version = file.get(6) & 0xff;
        if (elfClass == 1) {
            throw new UnsupportedElfException(name, 4, "ELF32 is not supported (only ELF64)");
        }
        if (elfClass != 2) {
            throw new UnsupportedElfException(name, 4, "unknown ELF class " + elfClass);
        }
        if (data == 2) {
            throw new UnsupportedElfException(name, 5, "big-endian ELF is not supported (only little-endian)");
        }
        if (data != 1) {
            throw new UnsupportedElfException(name, 5, "unknown ELF data encoding " + data);
        }
        if (version != 1) {
            throw new UnsupportedElfException(name, 6, "unknown ELF version " + version);
        }
        if (size < EHDR_SIZE) {
            throw new MalformedInputException(name, "ELF header", size,
                    "file of " + size + " bytes is too short for the 64-byte ELF header");
        }
        ByteCursor c = new ByteCursor(name, "ELF header", file.duplicate().limit(EHDR_SIZE));
        c.seek(7);
        int osAbi = c.u8();
        int abiVersion = c.u8();
        c.seek(16);
        int type = c.u16();
        int machine = c.u16();
        long eVersion = c.u32();
        if (eVersion != 1) {
            throw new UnsupportedElfException(name, 20, "unknown e_version " + eVersion);
        }
        long entry = c.u64();
        long phoff = c.u64();
        long shoff = c.u64();
        int flags = c.s32();
        int ehsize = c.u16();
        int phentsize = c.u16();
        int phnum = c.u16();
        int shentsize = c.u16();
        int shnum = c.u16();
        int shstrndx = c.u16();

        if (shoff != 0 && (shnum == 0 || shstrndx == SHN_XINDEX || phnum == PN_XNUM)) {
            // Extended numbering: the real values live in section header 0.
            ByteCursor s0 = sectionZero(name, file, shoff, shentsize);
            s0.seek(32);
            long size0 = s0.u64();
            int link0 = s0.s32();
            long info0 = s0.u32();
            if (shnum == 0) {
                shnum = checkedCount(name, size0, 0x40 + 0x20, "section header count in section 0");
            }
            if (shstrndx == SHN_XINDEX) {
                shstrndx = link0;
            }
            if (phnum == PN_XNUM) {
                phnum = checkedCount(name, info0, 44, "program header count in section 0");
            }
        }
        if (shnum == 0) {
            shstrndx = 0; // no sections (e.g. section headers stripped by sstrip): nothing to name
        }
        if (shnum > 0) {
            checkTable(name, size, shoff, shnum, shentsize, SHDR_SIZE, "section headers");
        }
        if (shstrndx < 0 || (shnum > 0 && shstrndx >= shnum)) {
            throw new MalformedInputException(name, "ELF header", 62, "section name table index " + shstrndx
                    + " is out of range (" + shnum + " sections)");
        }
        return new ElfHeader(ElfType.of(type), type, machine, osAbi, abiVersion, entry, phoff, shoff, flags, ehsize,
                phentsize, phnum, shentsize, shnum, shstrndx);
    }

    /** Checks that a table of {@code count} entries of {@code entsize} bytes at {@code offset} lies in the file. */
    static void checkTable(String name, long fileSize, long offset, long count, int entsize, int minEntsize,
                           String what) {
        if (entsize < minEntsize) {
            throw new MalformedInputException(name, what, 0, "entry size " + entsize + " is smaller than "
                    + minEntsize);
        }
        long bytes = count * entsize; // count < 2^32 and entsize < 2^16: no overflow
        if (offset < 0 || offset > fileSize || bytes > fileSize - offset) {
            throw new MalformedInputException(name, what, 0, count + " entries of " + entsize
                    + " bytes at file offset 0x" + Long.toHexString(offset) + " pass the end of the " + fileSize
                    + "-byte file");
        }
    }

    private static ByteCursor sectionZero(String name, ByteBuffer file, long shoff, int shentsize) {
        checkTable(name, file.limit(), shoff, 1, shentsize, SHDR_SIZE, "section headers");
        return new ByteCursor(name, "section headers", file.duplicate().position((int) shoff).limit(
                (int) shoff + SHDR_SIZE));
    }

    private static int checkedCount(String name, long value, long offset, String what) {
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new MalformedInputException(name, "section headers", offset, what + " " + value
                    + " is too large");
        }
        return (int) value;
    }
}
