package io.tinydbg.elf;

/** What an ELF file is ({@code e_type}): an executable, a shared object or PIE, a relocatable object, a core dump. */
public enum ElfType {
    EXEC, DYN, REL, CORE, OTHER;

    /** The type for an {@code e_type} value; values outside 1..4 are {@link #OTHER}. */
    public static ElfType of(int eType) {
        switch (eType) {
            case 1: return REL;
            case 2: return EXEC;
            case 3: return DYN;
            case 4: return CORE;
            default: return OTHER;
        }
    }
}
