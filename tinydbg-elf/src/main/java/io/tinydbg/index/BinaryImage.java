package io.tinydbg.index;

import io.tinydbg.dwarf.DwarfSections;
import io.tinydbg.elf.DebugFileLocator;
import io.tinydbg.elf.ElfFile;
import io.tinydbg.elf.ElfSymbol;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A binary together with what describes it from elsewhere: its separate debug file (found by build-id or
 * debuglink) and its MiniDebugInfo. Code bytes always come from the binary itself, since a debug file keeps only
 * the headers of the code sections.
 */
final class BinaryImage implements AutoCloseable {
    private final ElfFile binary;
    private final ElfFile debugFile;
    private final ElfFile miniDebugInfo;

    private BinaryImage(ElfFile binary, ElfFile debugFile, ElfFile miniDebugInfo) {
        this.binary = binary;
        this.debugFile = debugFile;
        this.miniDebugInfo = miniDebugInfo;
    }

    static BinaryImage open(Path path, IndexOptions options) {
        ElfFile binary = ElfFile.open(path);
        try {
            ElfFile debug = null;
            if (options.separateDebugFiles() && !hasDwarf(binary)) {
                Optional<Path> found = new DebugFileLocator(options.debugRoots()).find(path, binary);
                if (found.isPresent()) {
                    debug = ElfFile.open(found.get());
                }
            }
            ElfFile mini = binary.miniDebugInfo().orElse(null);
            return new BinaryImage(binary, debug, mini);
        } catch (RuntimeException e) {
            binary.close();
            throw e;
        }
    }

    /** Whether the file carries DWARF, judged from its section headers (nothing is decompressed). */
    private static boolean hasDwarf(ElfFile elf) {
        for (String name : new String[] {".debug_info", ".zdebug_info"}) {
            if (elf.section(name).map(s -> !s.isNoBits() && s.size() > 0).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    ElfFile binary() {
        return binary;
    }

    String name() {
        return binary.name();
    }

    /** The debug file in use, if a separate one was found. */
    Optional<ElfFile> debugFile() {
        return Optional.ofNullable(debugFile);
    }

    /** The DWARF of the binary, or of its separate debug file; empty when neither has any. */
    Optional<DwarfSections> dwarf() {
        if (hasDwarf(binary)) {
            return Optional.of(binary.dwarfSections());
        }
        if (debugFile != null && hasDwarf(debugFile)) {
            return Optional.of(debugFile.dwarfSections());
        }
        return Optional.empty();
    }

    /**
     * Where call frame information lives: {@code .eh_frame} is loaded with the code, so it is the binary's;
     * {@code .debug_frame} may have moved to the debug file.
     */
    DwarfSections frameSections() {
        if (binary.section(".eh_frame").isPresent() || debugFile == null) {
            return binary.dwarfSections();
        }
        return debugFile.dwarfSections();
    }

    /** Every symbol table there is: the binary's, the debug file's, the MiniDebugInfo's, then the dynamic one. */
    List<ElfSymbol> functionSymbols() {
        List<ElfSymbol> out = new ArrayList<>();
        addFunctions(out, binary.symbols());
        if (debugFile != null) {
            addFunctions(out, debugFile.symbols());
        }
        if (miniDebugInfo != null) {
            addFunctions(out, miniDebugInfo.symbols());
        }
        addFunctions(out, binary.dynamicSymbols());
        return out;
    }

    private static void addFunctions(List<ElfSymbol> out, List<ElfSymbol> symbols) {
        for (ElfSymbol s : symbols) {
            if (s.isDefinedFunction() && s.value() != 0 && !s.name().isEmpty()) {
                out.add(s);
            }
        }
    }

    /** Whether the Go toolchain built the binary (Go's names, runtime rules and result parameters apply). */
    boolean isGo() {
        return binary.isGo();
    }

    /** The code at {@code [address, address + length)}, from the binary's own sections. */
    Optional<ByteBuffer> code(long address, long length) {
        return binary.bytesAt(address, length);
    }

    @Override
    public void close() {
        binary.close();
        if (debugFile != null) {
            debugFile.close();
        }
        if (miniDebugInfo != null) {
            miniDebugInfo.close();
        }
    }
}
