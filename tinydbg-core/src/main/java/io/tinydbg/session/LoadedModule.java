package io.tinydbg.session;

import io.tinydbg.dwarf.cfi.FrameRules;
import io.tinydbg.index.FunctionIndex;

/**
 * One ELF file mapped into the traced process (the executable or a shared library): its function index, the
 * distance between its file addresses and where it is loaded, and what unwinding and naming need from it.
 */
final class LoadedModule {
    private final String path;
    private final FunctionIndex index;
    private final long bias;
    private FrameRules rules;
    private FrameNames names;

    /** The index stays its opener's to close: the session's for the executable, {@link ModuleMap}'s otherwise. */
    LoadedModule(String path, FunctionIndex index, long bias) {
        this.path = path;
        this.index = index;
        this.bias = bias;
    }

    String path() {
        return path;
    }

    long bias() {
        return bias;
    }

    FunctionIndex index() {
        return index;
    }

    /** The module's call frame information, at the addresses where it is loaded (decoded on first use). */
    FrameRules rules() {
        if (rules == null) {
            rules = index.callFrames().withBias(bias);
        }
        return rules;
    }

    /** How frames in this module are named (decoded on first use). */
    FrameNames names() {
        if (names == null) {
            names = new FrameNames(index);
        }
        return names;
    }
}
