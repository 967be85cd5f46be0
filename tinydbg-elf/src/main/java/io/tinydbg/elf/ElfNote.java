package io.tinydbg.elf;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One note ({@code SHT_NOTE} section or {@code PT_NOTE} segment entry).
 *
 * @param name owner name without its terminating NUL ({@code "GNU"})
 * @param type note type, meaningful per owner ({@link #NT_GNU_BUILD_ID} for "GNU")
 * @param desc the descriptor bytes; treat as read-only
 */
public record ElfNote(String name, int type, byte[] desc) {
    public static final int NT_GNU_ABI_TAG = 1;
    public static final int NT_GNU_BUILD_ID = 3;
    public static final int NT_GNU_PROPERTY_TYPE_0 = 5;

    /** A GNU build-id note. */
    public boolean isBuildId() {
        return "GNU".equals(name) && type == NT_GNU_BUILD_ID;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ElfNote n && n.name.equals(name) && n.type == type && Arrays.equals(n.desc, desc);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + type) * 31 + Arrays.hashCode(desc);
    }

    @Override
    public String toString() {
        return "ElfNote[" + name + ", type=" + type + ", desc=" + HexFormat.of().formatHex(desc) + "]";
    }
}
