package io.tinydbg.dwarf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where DWARF gets its bytes. The DWARF reader knows nothing of ELF: an ELF file (or a test building sections by
 * hand) hands over each section by its standard name, already decompressed.
 */
public interface DwarfSections {
    /** Names the source in error messages, usually the file's path. */
    String sourceName();

    /**
     * The decompressed bytes of the section with this standard name ({@code ".debug_info"}, {@code ".eh_frame"},
     * ...), or empty when the source has no such section. The buffer's position is 0; callers must not modify it.
     */
    Optional<ByteBuffer> section(String name);

    /** The address the section is loaded at (needed for pc-relative pointers in {@code .eh_frame}), if loaded. */
    OptionalLong sectionAddress(String name);

    /** Byte order of the target. */
    default ByteOrder order() {
        return ByteOrder.LITTLE_ENDIAN;
    }

    /** Size of a target address in bytes, used where DWARF does not say (for example {@code .eh_frame}). */
    default int addressSize() {
        return 8;
    }
}
