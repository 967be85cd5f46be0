package io.tinydbg.session;

import io.tinydbg.demangle.Demangler;
import io.tinydbg.dwarf.DwarfFunction;
import io.tinydbg.index.FunctionIndex;
import io.tinydbg.index.FunctionInfo;
import io.tinydbg.index.InlinedCall;
import io.tinydbg.index.SourceLine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Names the frames at a pc of one module the way gdb's {@code bt} does, so that a stack reads the same in both:
 * one frame per inlined call active at the pc (innermost first, each at the line where the next one was called),
 * then the function that contains it. A C function is named by its DW_AT_linkage_name when it has one (glibc's
 * {@code __GI___qsort_r}); a function that only symbols describe (no DWARF, or an assembler unit, which names its
 * labels) by the greatest of the names at its entry in byte order, which is the minimal symbol gdb picks among
 * aliases ({@code clone3} over {@code __clone3} and {@code __GI___clone3}). A C++ function is named from its
 * linkage name as gdb does ({@link CppFrameName}).
 */
final class FrameNames {
    /** One named frame, without its pc (every frame of one pc shares it). */
    record Named(String function, SourceLine line) {
    }

    private static final Set<String> C_LANGUAGES = Set.of("C89", "C", "C99", "C11", "C17");
    private static final int CACHED_PCS = 4096;

    private final FunctionIndex index;
    /** Frames by file pc: stacks repeat the same return addresses at every hit. */
    private final Map<Long, List<Named>> cache = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, List<Named>> eldest) {
            return size() > CACHED_PCS;
        }
    };

    FrameNames(FunctionIndex index) {
        this.index = index;
    }

    /** The frames at {@code filePc} (an address in the file), innermost first; one unnamed frame when unknown. */
    List<Named> at(long filePc) {
        return cache.computeIfAbsent(filePc, this::describe);
    }

    private List<Named> describe(long filePc) {
        Optional<FunctionInfo> fn = index.functionAt(filePc);
        if (fn.isEmpty()) {
            return List.of(new Named("?", SourceLine.UNKNOWN));
        }
        List<Named> out = new ArrayList<>(2);
        SourceLine line = index.lineAt(filePc).orElse(SourceLine.UNKNOWN);
        List<InlinedCall> chain = index.inlinedChainAt(filePc); // outermost first
        for (int i = chain.size() - 1; i >= 0; i--) {
            out.add(new Named(chain.get(i).name(), line));
            line = chain.get(i).callSite();
        }
        out.add(new Named(name(fn.get()), line));
        return List.copyOf(out);
    }

    private String linkageName(FunctionInfo fn) {
        return index.dwarfFunction(fn.entry()).map(DwarfFunction::linkageName).orElse("");
    }

    private String name(FunctionInfo fn) {
        boolean assembler = fn.language().endsWith("Assembler");
        if (fn.hasDebugInfo() && !assembler) {
            if (C_LANGUAGES.contains(fn.language())) {
                String linkage = linkageName(fn);
                if (!linkage.isEmpty()) {
                    return linkage;
                }
            } else if (fn.language().startsWith("C_plus_plus")) {
                return CppFrameName.of(linkageName(fn)).orElse(fn.name());
            }
            return fn.name();
        }
        // the function's own names (display and symbol) are shown as the index displays them; an alias that wins
        // is demangled as gdb prints minimal symbols
        String best = fn.name();
        if (fn.linkageName().compareTo(best) > 0) {
            best = fn.linkageName();
        }
        for (String alias : fn.aliases()) {
            if (alias.compareTo(best) > 0) {
                best = alias;
            }
        }
        if (best.equals(fn.name()) || best.equals(fn.linkageName())) {
            return fn.name();
        }
        return Demangler.demangleConcise(best).orElse(best);
    }
}
