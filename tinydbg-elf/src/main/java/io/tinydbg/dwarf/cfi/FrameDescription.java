package io.tinydbg.dwarf.cfi;

/**
 * The extent of one FDE: it describes the pcs from {@code pcBegin} (inclusive) to {@code pcEnd} (exclusive).
 *
 * @param section the section holding it ({@code .eh_frame} or {@code .debug_frame})
 * @param offset  its offset in that section (as readelf prints it)
 */
public record FrameDescription(String section, long offset, long pcBegin, long pcEnd) {
}
