package io.tinydbg.dwarf;

import io.tinydbg.dwarf.types.DwarfType;

/** One local variable of a {@link DwarfFunction}: name, type and location. */
public record Variable(String name, DwarfType type, LocationDescription location) {
}
