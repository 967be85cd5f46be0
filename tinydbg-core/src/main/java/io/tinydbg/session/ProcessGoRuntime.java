package io.tinydbg.session;

import io.tinydbg.TinydbgException;
import io.tinydbg.dwarf.types.DwarfType;
import io.tinydbg.index.FunctionIndex;
import io.tinydbg.index.FunctionInfo;
import io.tinydbg.value.GoRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link GoRuntime} of a traced Go process, answered from its binary's function index: dynamic types of
 * interfaces through DW_AT_go_runtime_type, function names of func values through the symbol table.
 *
 * <p>The index is opened from {@code /proc/TID/exe} the first time a value needs it, and kept for the few binaries
 * seen last: a session creates its decoders without handing them its own index.
 */
final class ProcessGoRuntime implements GoRuntime {
    private static final int KEPT = 4;
    private static final Map<String, FunctionIndex> INDEXES = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, FunctionIndex> eldest) {
            return size() > KEPT; // not closed: a decoder may still use it; its mapping goes with the garbage
        }
    };

    private final FunctionIndex index;
    private final long bias;

    private ProcessGoRuntime(FunctionIndex index, long bias) {
        this.index = index;
        this.bias = bias;
    }

    /** The runtime of the process thread {@code tid} belongs to, or {@link GoRuntime#NONE} if its binary is gone. */
    static GoRuntime of(int tid, long bias) {
        try {
            Path exe = Path.of("/proc", Integer.toString(tid), "exe").toRealPath();
            String key = exe + "@" + Files.getLastModifiedTime(exe).toMillis() + "#" + Files.size(exe);
            FunctionIndex index;
            synchronized (INDEXES) {
                index = INDEXES.get(key);
                if (index == null) {
                    index = FunctionIndex.open(exe);
                    INDEXES.put(key, index);
                }
            }
            return new ProcessGoRuntime(index, bias);
        } catch (IOException | TinydbgException e) {
            return GoRuntime.NONE;
        }
    }

    @Override
    public Optional<DwarfType> typeAt(long descriptor) {
        return index.goRuntimeType(descriptor - bias);
    }

    @Override
    public Optional<String> functionAt(long pc) {
        return index.functionAt(pc - bias).map(FunctionInfo::name);
    }
}
