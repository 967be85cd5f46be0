package io.tinydbg.session;

import io.tinydbg.TinydbgException;
import io.tinydbg.elf.ElfFile;
import io.tinydbg.elf.ElfSegment;
import io.tinydbg.index.FunctionIndex;
import io.tinydbg.index.IndexOptions;
import io.tinydbg.ptrace.ProcFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which ELF file is mapped at a pc of the traced process, from /proc/PID/maps: the executable (whose index the
 * session already has) or a shared library, whose index is opened on the first pc that needs it (symbols, DWARF and
 * a separate debug file when there is one) and then kept for every mapping of that file. Libraries loaded after the
 * last read (the dynamic loader maps libc after tracing starts; dlopen) are found by reading the maps again when a
 * pc falls outside every known mapping, at most once per stack ({@link #allowRefresh()}).
 *
 * <p>Used on the tracer thread only.
 */
final class ModuleMap implements AutoCloseable {
    private final LoadedModule main;
    private final String mainPath;
    private final IndexOptions options;
    /** Executable mappings by start address. */
    private TreeMap<Long, ProcFs.Mapping> mappings = new TreeMap<>();
    /** Modules by mapping start; an empty value marks a file that cannot be read (not retried). */
    private final Map<Long, Optional<LoadedModule>> modules = new HashMap<>();
    /** Library indexes by path, shared by all mappings of one file. */
    private final Map<String, FunctionIndex> indexes = new HashMap<>();
    private boolean mayRefresh = true;

    ModuleMap(FunctionIndex executable, long bias, List<Path> debugRoots) {
        this.main = new LoadedModule(executable.path().toString(), executable, bias);
        this.mainPath = realPath(executable.path());
        this.options = IndexOptions.defaults().withDebugRoots(debugRoots);
    }

    /** The executable itself, as the session indexed it. */
    LoadedModule executable() {
        return main;
    }

    /** Lets the next miss read /proc/PID/maps again (called once per captured stack). */
    void allowRefresh() {
        mayRefresh = true;
    }

    /** The module mapped at {@code pc} in process (or thread) {@code pid}; empty for anonymous or unreadable code. */
    Optional<LoadedModule> at(int pid, long pc) {
        Optional<ProcFs.Mapping> m = mappingAt(pc);
        if (m.isEmpty() && mayRefresh) {
            mayRefresh = false;
            reload(pid);
            m = mappingAt(pc);
        }
        if (m.isEmpty()) {
            return Optional.empty();
        }
        ProcFs.Mapping mapping = m.get();
        return modules.computeIfAbsent(mapping.start(), k -> load(pid, mapping));
    }

    private Optional<ProcFs.Mapping> mappingAt(long pc) {
        Map.Entry<Long, ProcFs.Mapping> e = mappings.floorEntry(pc);
        if (e == null || Long.compareUnsigned(pc, e.getValue().end()) >= 0) {
            return Optional.empty();
        }
        return Optional.of(e.getValue());
    }

    private void reload(int pid) {
        TreeMap<Long, ProcFs.Mapping> fresh = new TreeMap<>();
        try {
            for (ProcFs.Mapping m : ProcFs.maps(pid)) {
                if (m.executable() && m.path().startsWith("/")) {
                    fresh.put(m.start(), m);
                }
            }
        } catch (TinydbgException gone) {
            return; // the process is going away; what we knew stands
        }
        // a range now mapped to something else (dlclose, then dlopen) must not keep its old module
        Map<Long, ProcFs.Mapping> old = mappings;
        modules.keySet().removeIf(start -> {
            ProcFs.Mapping now = fresh.get(start);
            ProcFs.Mapping before = old.get(start);
            return now == null || before == null || !now.path().equals(before.path())
                    || now.offset() != before.offset();
        });
        mappings = fresh;
    }

    private Optional<LoadedModule> load(int pid, ProcFs.Mapping mapping) {
        if (mapping.path().equals(mainPath)) {
            return Optional.of(main);
        }
        Path file = Path.of(mapping.path());
        if (!Files.isRegularFile(file)) {
            // deleted since it was mapped ("NAME (deleted)" in the maps: a library a package upgrade replaced);
            // the kernel still shows the mapped file itself (to root)
            file = Path.of("/proc", Integer.toString(pid), "map_files",
                    Long.toHexString(mapping.start()) + "-" + Long.toHexString(mapping.end()));
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
        }
        try {
            long bias = bias(file, mapping);
            FunctionIndex index = indexes.get(mapping.path());
            if (index == null) {
                index = FunctionIndex.open(file, options);
                indexes.put(mapping.path(), index);
            }
            return Optional.of(new LoadedModule(mapping.path(), index, bias));
        } catch (TinydbgException unreadable) {
            return Optional.empty(); // frames there stay unnamed; unwinding falls back to the frame pointer
        }
    }

    /**
     * Load address minus file address for the segment this mapping comes from: the mapping shows file offset
     * {@code offset} at {@code start}, and the segment holding that offset gives its file address.
     */
    private static long bias(Path file, ProcFs.Mapping mapping) {
        try (ElfFile elf = ElfFile.open(file)) {
            for (ElfSegment s : elf.segments()) {
                long pageStart = s.offset() & ~0xfffL;
                if (s.isLoad() && mapping.offset() >= pageStart && mapping.offset() < s.offset() + s.filesz()) {
                    return mapping.start() - mapping.offset() - (s.vaddr() - s.offset());
                }
            }
        }
        return mapping.start() - mapping.offset();
    }

    private static String realPath(Path p) {
        try {
            if (p.getNameCount() == 3 && p.startsWith("/proc") && p.endsWith("exe")) {
                // a deleted or replaced executable, read through /proc/PID/exe: the maps name it by the link's text
                return Files.readSymbolicLink(p).toString();
            }
            return p.toRealPath().toString();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize().toString();
        }
    }

    @Override
    public void close() {
        for (FunctionIndex index : indexes.values()) {
            index.close();
        }
        indexes.clear();
        modules.clear();
    }
}
