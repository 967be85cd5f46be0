package io.tinydbg.dwarf;

/**
 * The name gdb shows for an entry of a line program's file table, in {@code bt}, {@code info line} and
 * {@code info functions} (its symtab file name, {@code filename-display relative}). It is not a full path:
 *
 * <ol>
 *   <li>A relative file name is joined to its directory entry as written: a relative directory is not joined to
 *       the compilation directory first, and DWARF 2-4 directory 0 (the compilation directory, which has no entry)
 *       adds nothing.</li>
 *   <li>If that file is the unit's primary source file, the name is the unit's {@code DW_AT_name} instead. The two
 *       are the same file when both, made absolute by joining the compilation directory to them if relative, are
 *       equal as strings.</li>
 * </ol>
 *
 * <p>So {@code gcc -gdwarf-5 x.c} in {@code /p} shows {@code x.c}, though its file-table entry is {@code x.c} in
 * directory {@code /p}; and libc's {@code msort.c} in directory {@code ./stdlib}, compiled in {@code ./stdlib},
 * shows {@code ./stdlib/msort.c} (neither the full path {@code ./stdlib/./stdlib/msort.c} addr2line prints nor
 * the unit name {@code msort.c}, because {@code ./stdlib/./stdlib/msort.c} and {@code ./stdlib/msort.c} differ as
 * strings). Nothing is normalized: gdb compares and joins paths as written.
 */
public final class DisplayFileName {
    private DisplayFileName() {
    }

    /**
     * @param name the file-table entry's name
     * @param directory its directory entry as written, or null when it has none (DWARF 2-4 directory 0, or an
     *     index outside the table)
     * @param compDir the unit's DW_AT_comp_dir, or null or "" when absent
     * @param unitName the unit's DW_AT_name, or null when absent
     */
    public static String of(String name, String directory, String compDir, String unitName) {
        String written = isAbsolute(name) || directory == null ? name : join(directory, name);
        if (unitName != null && !unitName.isEmpty()
                && absolute(written, compDir).equals(absolute(unitName, compDir))) {
            return unitName;
        }
        return written;
    }

    /** {@code path} joined to the compilation directory when relative (relative still if that is). */
    private static String absolute(String path, String compDir) {
        return isAbsolute(path) || compDir == null ? path : join(compDir, path);
    }

    private static boolean isAbsolute(String path) {
        return path.startsWith("/");
    }

    /** {@code dir/name} with one separator, or {@code name} alone when {@code dir} is empty. */
    static String join(String dir, String name) {
        if (dir.isEmpty()) {
            return name;
        }
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }
}
