package io.tinydbg.elf;

/**
 * One section header. Values are as stored in the file; {@link #size()} of a compressed section is its size in the
 * file, and {@link ElfFile#sectionData} gives the decompressed bytes.
 */
public record ElfSection(int index, String name, int type, long flags, long addr, long offset, long size, int link,
                         int info, long addralign, long entsize) {
    public static final int SHT_NULL = 0;
    public static final int SHT_PROGBITS = 1;
    public static final int SHT_SYMTAB = 2;
    public static final int SHT_STRTAB = 3;
    public static final int SHT_RELA = 4;
    public static final int SHT_HASH = 5;
    public static final int SHT_DYNAMIC = 6;
    public static final int SHT_NOTE = 7;
    public static final int SHT_NOBITS = 8;
    public static final int SHT_REL = 9;
    public static final int SHT_DYNSYM = 11;
    public static final int SHT_SYMTAB_SHNDX = 18;
    public static final int SHT_GNU_VERDEF = 0x6ffffffd;
    public static final int SHT_GNU_VERNEED = 0x6ffffffe;
    public static final int SHT_GNU_VERSYM = 0x6fffffff;

    public static final long SHF_WRITE = 0x1;
    public static final long SHF_ALLOC = 0x2;
    public static final long SHF_EXECINSTR = 0x4;
    public static final long SHF_MERGE = 0x10;
    public static final long SHF_STRINGS = 0x20;
    public static final long SHF_INFO_LINK = 0x40;
    public static final long SHF_TLS = 0x400;
    public static final long SHF_COMPRESSED = 0x800;

    /** Has the {@code SHF_COMPRESSED} flag (the legacy {@code .zdebug_*} form is recognised by name instead). */
    public boolean isCompressed() {
        return (flags & SHF_COMPRESSED) != 0;
    }

    /** Occupies memory at run time ({@code SHF_ALLOC}): {@link #addr()} is meaningful. */
    public boolean isAlloc() {
        return (flags & SHF_ALLOC) != 0;
    }

    /** Holds machine code ({@code SHF_EXECINSTR}). */
    public boolean isExecutable() {
        return (flags & SHF_EXECINSTR) != 0;
    }

    /** Occupies no file space ({@code SHT_NOBITS}, e.g. {@code .bss}, or any section of a stripped debug file). */
    public boolean isNoBits() {
        return type == SHT_NOBITS;
    }
}
