package io.tinydbg.dwarf.line;

/** A source position from a line table: the full path of the file, the line (0: no line) and the column. */
public record LineLocation(String file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + (column > 0 ? ":" + column : "");
    }
}
