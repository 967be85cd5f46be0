package io.tinydbg.session;

import io.tinydbg.TinydbgException;
import io.tinydbg.dwarf.Parameter;
import io.tinydbg.dwarf.types.DwarfType;
import io.tinydbg.dwarf.types.PointerType;
import io.tinydbg.dwarf.types.StructType;
import io.tinydbg.engine.Hit;
import io.tinydbg.engine.X86Registers;
import io.tinydbg.index.FunctionIndex;
import io.tinydbg.index.FunctionInfo;
import io.tinydbg.index.FunctionPattern;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The id of the goroutine a Go thread is running: Go's register ABI keeps the current {@code runtime.g} in r14, and
 * its {@code goid} field sits at the offset the binary's own DWARF gives (found through a runtime function that
 * takes a {@code *runtime.g}), so no Go version's layout is hard-coded.
 */
public final class GoroutineIds {
    private static final String[] TAKES_G = {"runtime.casgstatus", "runtime.goready", "runtime.dropg",
        "runtime.gdestroy"};

    private final long goidOffset;

    private GoroutineIds(long goidOffset) {
        this.goidOffset = goidOffset;
    }

    /** The reader for a Go binary's index, or empty when its DWARF does not describe {@code runtime.g}. */
    public static Optional<GoroutineIds> of(FunctionIndex index) {
        for (String name : TAKES_G) {
            for (FunctionInfo f : index.match(FunctionPattern.compile("^" + name.replace(".", "\\.") + "$"))) {
                Optional<Long> offset = index.dwarfFunction(f.entry()).flatMap(fn -> {
                    for (Parameter p : fn.parameters()) {
                        Optional<Long> o = goidOffset(p.type());
                        if (o.isPresent()) {
                            return o;
                        }
                    }
                    return Optional.empty();
                });
                if (offset.isPresent()) {
                    return Optional.of(new GoroutineIds(offset.get()));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Long> goidOffset(DwarfType type) {
        // Go's DWARF names the struct through a typedef: *runtime.g -> typedef runtime.g -> struct runtime.g
        if (type instanceof PointerType p && p.target().isPresent()
                && AbiClass.strip(p.target().get()) instanceof StructType s && s.declaredName().equals("runtime.g")) {
            for (StructType.Member m : s.members()) {
                if (m.name().equals("goid")) {
                    return Optional.of(m.offset());
                }
            }
        }
        return Optional.empty();
    }

    /** The goroutine id of the stopped thread, or empty when r14 does not point at a readable g. */
    public OptionalLong read(Hit hit) {
        long g = hit.register(X86Registers.R14);
        if (g == 0) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(ByteBuffer.wrap(hit.readMemory(g + goidOffset, 8)).order(ByteOrder.LITTLE_ENDIAN)
                    .getLong());
        } catch (TinydbgException e) {
            return OptionalLong.empty();
        }
    }
}
