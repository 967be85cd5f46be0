package io.tinydbg.index;

import java.nio.file.Path;
import java.util.List;

/**
 * How a {@link FunctionIndex} finds what a binary does not carry itself.
 *
 * @param debugRoots         directories searched for separate debug files, by build-id
 *                           ({@code ROOT/.build-id/xx/rest.debug}) and by {@code .gnu_debuglink}
 * @param separateDebugFiles whether to look for a separate debug file at all
 */
public record IndexOptions(List<Path> debugRoots, boolean separateDebugFiles) {
    public IndexOptions {
        debugRoots = List.copyOf(debugRoots);
    }

    /** {@code /usr/lib/debug} as the only debug root, as gdb and Delve default to. */
    public static IndexOptions defaults() {
        return new IndexOptions(List.of(Path.of("/usr/lib/debug")), true);
    }

    /** These options with {@code roots} as the debug roots, in place of the current ones. */
    public IndexOptions withDebugRoots(List<Path> roots) {
        return new IndexOptions(roots, separateDebugFiles);
    }
}
