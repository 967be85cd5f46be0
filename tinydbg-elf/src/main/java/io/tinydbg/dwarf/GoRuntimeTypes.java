package io.tinydbg.dwarf;

import static io.tinydbg.dwarf.DwarfConstants.AT_GO_RUNTIME_TYPE;

import io.tinydbg.dwarf.types.DwarfType;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Go's map from a runtime type descriptor to the DWARF type it describes. An interface value holds only a pointer to
 * its dynamic type's descriptor ({@code runtime._type}); the Go linker writes, on every type DIE that has one,
 * DW_AT_go_runtime_type: the descriptor's offset from the start of the binary's types section
 * ({@code runtime.types}). The units' top-level DIEs are scanned once, on the first lookup.
 */
public final class GoRuntimeTypes {
    private final Dwarf dwarf;
    private volatile Map<Long, Long> dieByOffset;

    public GoRuntimeTypes(Dwarf dwarf) {
        this.dwarf = dwarf;
    }

    /** The type whose runtime descriptor is {@code offset} bytes into the types section. */
    public Optional<DwarfType> type(long offset) {
        Long die = table().get(offset);
        return die == null ? Optional.empty() : Optional.of(dwarf.type(die));
    }

    private Map<Long, Long> table() {
        Map<Long, Long> t = dieByOffset;
        if (t == null) {
            synchronized (this) {
                t = dieByOffset;
                if (t == null) {
                    dieByOffset = t = scan();
                }
            }
        }
        return t;
    }

    private Map<Long, Long> scan() {
        Map<Long, Long> out = new HashMap<>();
        for (CompileUnit u : dwarf.units()) {
            if (u.isTypeUnit()) {
                continue;
            }
            for (Die d : dwarf.root(u).children()) {
                long offset = d.unsigned(AT_GO_RUNTIME_TYPE).orElse(0);
                // 0 means "no descriptor" (types the program never converts to an interface); the first DIE of
                // several for one descriptor (a struct and the typedef naming it) is the type itself
                if (offset != 0) {
                    out.putIfAbsent(offset, d.offset());
                }
            }
        }
        return out;
    }
}
