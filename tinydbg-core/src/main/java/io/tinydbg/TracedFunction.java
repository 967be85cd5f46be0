package io.tinydbg;

/**
 * A traced function as events name it: its name (DWARF's qualified name, else the demangled symbol), the file and
 * line of its declaration (empty and 0 without debug information) and its entry address in the running process.
 */
public record TracedFunction(String name, String file, int line, long entryAddress) {
}
