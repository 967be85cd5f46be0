package io.tinydbg.dwarf.cfi;

import java.util.OptionalLong;

/** The registers of one frame by DWARF number; empty for a register whose value is unknown in that frame. */
@FunctionalInterface
public interface RegisterSet {
    OptionalLong get(int dwarfRegister);
}
