package io.tinydbg.session;

import io.tinydbg.dwarf.types.DwarfType;
import io.tinydbg.index.FunctionIndex;
import io.tinydbg.index.FunctionInfo;
import io.tinydbg.value.GoRuntime;
import java.util.Optional;

/**
 * The {@link GoRuntime} of a traced Go process, answered from the function index of its binary (the session's own):
 * dynamic types of interfaces through DW_AT_go_runtime_type, function names of func values through the symbols,
 * integers described by their type's constants.
 */
public final class IndexGoRuntime implements GoRuntime {
    private final FunctionIndex index;
    private final long bias;

    /** {@code bias} is the load bias of the image {@code index} describes (0 for Go's usual non-PIE binaries). */
    public IndexGoRuntime(FunctionIndex index, long bias) {
        this.index = index;
        this.bias = bias;
    }

    @Override
    public Optional<DwarfType> typeAt(long descriptor) {
        return index.goRuntimeType(descriptor - bias);
    }

    @Override
    public Optional<String> functionAt(long pc) {
        return index.functionAt(pc - bias).map(FunctionInfo::name);
    }

    @Override
    public Optional<String> constantName(String typeName, long value) {
        return GoConstantNames.describe(typeName, index.goConstants(typeName), value);
    }
}
