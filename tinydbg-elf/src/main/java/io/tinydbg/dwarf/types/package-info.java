/**
 * Types as DWARF describes them, named the way gdb prints them. Pointer and reference targets resolve lazily
 * through {@link io.tinydbg.dwarf.types.TypeRef}, so self-referential types (linked lists) are finite objects;
 * everything else is resolved when the type is built. Go types keep the Go linker's names and
 * {@code DW_AT_go_kind}.
 */
package io.tinydbg.dwarf.types;
