package io.tinydbg.elf;

/**
 * The ELF file header. Counts and the string-table index are the real ones, already resolved through section 0
 * when the file uses extended numbering ({@code e_shnum == 0}, {@code e_shstrndx == SHN_XINDEX},
 * {@code e_phnum == PN_XNUM}).
 *
 * @param type what the file is
 * @param rawType the {@code e_type} value
 * @param machine {@code e_machine} ({@link #EM_X86_64}, {@link #EM_AARCH64}, ...)
 * @param osAbi {@code EI_OSABI}
 * @param abiVersion {@code EI_ABIVERSION}
 * @param entry {@code e_entry}, the unrelocated entry point
 * @param phoff file offset of the program headers
 * @param shoff file offset of the section headers
 * @param flags {@code e_flags}
 * @param ehsize {@code e_ehsize}
 * @param phentsize size of one program header
 * @param phnum number of program headers
 * @param shentsize size of one section header
 * @param shnum number of section headers
 * @param shstrndx index of the section-name string table (0 when there is none)
 */
public record ElfHeader(ElfType type, int rawType, int machine, int osAbi, int abiVersion, long entry, long phoff,
                        long shoff, int flags, int ehsize, int phentsize, int phnum, int shentsize, int shnum,
                        int shstrndx) {
    /** {@code e_machine} of x86-64. */
    public static final int EM_X86_64 = 62;
    /** {@code e_machine} of 64-bit ARM. */
    public static final int EM_AARCH64 = 183;

    public boolean isX86_64() {
        return machine == EM_X86_64;
    }

    public boolean isAarch64() {
        return machine == EM_AARCH64;
    }
}
