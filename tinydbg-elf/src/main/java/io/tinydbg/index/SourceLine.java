package io.tinydbg.index;

/** A position in a source file, as the line table or a declaration gives it; {@code line} 0 means unknown. */
public record SourceLine(String file, int line) {
    public static final SourceLine UNKNOWN = new SourceLine("", 0);

    public boolean known() {
        return !file.isEmpty();
    }

    @Override
    public String toString() {
        return known() ? file + ":" + line : "?";
    }
}
