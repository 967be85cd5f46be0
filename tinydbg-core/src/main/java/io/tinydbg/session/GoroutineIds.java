package io.tinydbg.session;

import io.tinydbg.TinydbgException;
import io.tinydbg.dwarf.Parameter;
import io.tinydbg.dwarf.types.DwarfType;
import io.tinydbg.dwarf.types.PointerType;
import io.tinydbg.dwarf.types.StructType;
import io.tinydbg.elf.ElfFile;
import io.tinydbg.elf.ElfSegment;
import io.tinydbg.elf.ElfSymbol;
import io.tinydbg.engine.GoroutinePointer;
import io.tinydbg.engine.Hit;
import io.tinydbg.index.FunctionIndex;
import io.tinydbg.index.FunctionInfo;
import io.tinydbg.index.FunctionPattern;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The id of the goroutine a Go thread is running. The current {@code runtime.g} is in r14 in functions compiled
 * with Go's register ABI and in the thread-local slot of the Go linker elsewhere (see {@link GoroutinePointer});
 * its {@code goid} sits at the offset the binary's own DWARF gives (found through a runtime function that takes a
 * {@code *runtime.g}), so no Go version's layout is hard-coded. A thread on its system stack runs {@code m.g0},
 * whose id is 0; like Delve, the goroutine reported is then the one the thread was running, {@code m.curg}.
 */
public final class GoroutineIds {
    private static final String[] TAKES_G = {"runtime.casgstatus", "runtime.goready", "runtime.dropg",
        "runtime.gdestroy"};

    private final GoroutineLayout layout;
    private final GoroutinePointer threadLocal;

    private GoroutineIds(GoroutineLayout layout, GoroutinePointer threadLocal) {
        this.layout = layout;
        this.threadLocal = threadLocal;
    }

    /** The field offsets this reader needs: g.goid, g.m, m.g0 and m.curg (the last three -1 when unknown). */
    private record GoroutineLayout(long goid, long m, long g0, long curg) {
    }

    /** The reader for a Go binary's index, or empty when its DWARF does not describe {@code runtime.g}. */
    public static Optional<GoroutineIds> of(FunctionIndex index) {
        for (String name : TAKES_G) {
            for (FunctionInfo f : index.match(FunctionPattern.compile("^" + name.replace(".", "\\.") + "$"))) {
                Optional<GoroutineLayout> layout = index.dwarfFunction(f.entry()).flatMap(fn -> {
                    for (Parameter p : fn.parameters()) {
                        Optional<GoroutineLayout> l = layout(p.type());
                        if (l.isPresent()) {
                            return l;
                        }
                    }
                    return Optional.empty();
                });
                if (layout.isPresent()) {
                    return Optional.of(new GoroutineIds(layout.get(),
                            GoroutinePointer.threadLocal(threadLocalOffset(index), layout.get().goid())));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Where {@code fn} finds its g: r14 when Go compiled it with the register ABI, else thread-local storage
     * (assembly functions, C functions of a cgo binary, Go before 1.17).
     */
    public GoroutinePointer pointerFor(FunctionInfo fn) {
        boolean registerAbi = fn.language().equals("Go") && fn.producer().contains("regabi")
                && !fn.source().file().endsWith(".s");
        return registerAbi ? GoroutinePointer.register(layout.goid()) : threadLocal;
    }

    /**
     * The offsets of g.goid, g.m, m.g0 and m.curg (-1 when unknown), for a uprobe program that resolves the
     * goroutine id at the hit the way {@link #read} does.
     */
    public long[] uprobeOffsets() {
        return new long[] {layout.goid(), layout.m(), layout.g0(), layout.curg()};
    }

    /**
     * The offset of the g slot from fs_base: -8 (the first word below the thread pointer) when the Go linker laid
     * out TLS itself; with an external linker, {@code runtime.tlsg}'s place in the TLS segment, which sits just
     * below the thread pointer rounded up to its alignment.
     */
    static long threadLocalOffset(FunctionIndex index) {
        try (ElfFile elf = ElfFile.open(index.path())) {
            Optional<ElfSegment> tls = elf.segments().stream().filter(s -> s.type() == ElfSegment.PT_TLS).findFirst();
            if (tls.isPresent()) {
                for (ElfSymbol s : elf.symbols()) {
                    if (s.name().equals("runtime.tlsg") && s.type() == ElfSymbol.STT_TLS) {
                        long align = Math.max(1, tls.get().align());
                        long size = (tls.get().memsz() + align - 1) / align * align;
                        return s.value() - size;
                    }
                }
            }
        } catch (TinydbgException e) {
            // fall back to the Go linker's own layout
        }
        return -8;
    }

    private static Optional<GoroutineLayout> layout(DwarfType type) {
        // Go's DWARF names the struct through a typedef: *runtime.g -> typedef runtime.g -> struct runtime.g
        Optional<StructType> g = pointee(type, "runtime.g");
        if (g.isEmpty()) {
            return Optional.empty();
        }
        OptionalLong goid = member(g.get(), "goid");
        if (goid.isEmpty()) {
            return Optional.empty();
        }
        long m = -1;
        long g0 = -1;
        long curg = -1;
        for (StructType.Member member : g.get().members()) {
            if (member.name().equals("m")) {
                Optional<StructType> mType = pointee(member.type(), "runtime.m");
                if (mType.isPresent()) {
                    m = member.offset();
                    g0 = member(mType.get(), "g0").orElse(-1);
                    curg = member(mType.get(), "curg").orElse(-1);
                }
            }
        }
        return Optional.of(new GoroutineLayout(goid.getAsLong(), m, g0, curg));
    }

    private static Optional<StructType> pointee(DwarfType type, String name) {
        if (type instanceof PointerType p && p.target().isPresent()
                && AbiClass.strip(p.target().get()) instanceof StructType s && s.declaredName().equals(name)) {
            return Optional.of(s);
        }
        return Optional.empty();
    }

    private static OptionalLong member(StructType s, String name) {
        for (StructType.Member m : s.members()) {
            if (m.name().equals(name)) {
                return OptionalLong.of(m.offset());
            }
        }
        return OptionalLong.empty();
    }

    /**
     * The goroutine id of the stopped thread, its g read from where {@code where} says; 0 when the thread runs no
     * goroutine (no g, or the system stack with no user goroutine behind it) or the g cannot be read.
     */
    public long read(Hit hit, GoroutinePointer where) {
        long g = hit.goroutinePointer(where);
        if (g == 0) {
            return 0;
        }
        try {
            long goid = word(hit, g + layout.goid());
            if (goid == 0 && layout.m() >= 0 && layout.g0() >= 0 && layout.curg() >= 0) {
                long m = word(hit, g + layout.m());
                if (m != 0 && word(hit, m + layout.g0()) == g) {
                    long curg = word(hit, m + layout.curg());
                    return curg == 0 ? 0 : word(hit, curg + layout.goid());
                }
            }
            return goid;
        } catch (TinydbgException e) {
            return 0;
        }
    }

    private static long word(Hit hit, long address) {
        return ByteBuffer.wrap(hit.readMemory(address, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
