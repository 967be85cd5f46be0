package io.tinydbg.elf;

/** One entry of the dynamic section ({@code d_tag}, {@code d_val}/{@code d_ptr}). */
public record DynamicEntry(long tag, long value) {
    public static final long DT_NULL = 0;
    public static final long DT_NEEDED = 1;
    public static final long DT_STRTAB = 5;
    public static final long DT_SYMTAB = 6;
    public static final long DT_STRSZ = 10;
    public static final long DT_SONAME = 14;
    public static final long DT_RPATH = 15;
    public static final long DT_RUNPATH = 29;
    public static final long DT_FLAGS_1 = 0x6ffffffbL;
}
