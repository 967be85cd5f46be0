package io.tinydbg.dwarf.line;

/**
 * One entry of a line program's file table: the name as written, the index of its directory in the directory
 * table (DWARF 2-4: 0 means the compilation directory; DWARF 5: an index into the directory table, whose entry 0
 * is the compilation directory), and the optional MD5 of its contents (null when absent).
 */
record FileEntry(String name, long directoryIndex, byte[] md5) {
}
