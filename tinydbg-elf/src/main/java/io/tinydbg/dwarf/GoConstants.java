package io.tinydbg.dwarf;

import static io.tinydbg.dwarf.DwarfConstants.AT_CONST_VALUE;
import static io.tinydbg.dwarf.DwarfConstants.AT_TYPE;
import static io.tinydbg.dwarf.DwarfConstants.TAG_CONSTANT;

import io.tinydbg.dwarf.types.DwarfType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The named constants of a Go program by their type: the Go linker writes every package-level constant as a
 * top-level DW_TAG_constant with its name ({@code main.Green}), type and value, which lets a debugger print a
 * {@code main.Color} of 1 as {@code Green (1)}. The units' top-level DIEs are scanned once, on the first lookup.
 */
public final class GoConstants {
    /** One constant: its qualified name and value. */
    public record Constant(String name, long value) {
    }

    private final Dwarf dwarf;
    private volatile Map<String, List<Constant>> byType;

    public GoConstants(Dwarf dwarf) {
        this.dwarf = dwarf;
    }

    /** The constants whose type is named {@code typeName} ({@code main.Color}), by increasing value. */
    public List<Constant> of(String typeName) {
        return table().getOrDefault(typeName, List.of());
    }

    private Map<String, List<Constant>> table() {
        Map<String, List<Constant>> t = byType;
        if (t == null) {
            synchronized (this) {
                t = byType;
                if (t == null) {
                    byType = t = scan();
                }
            }
        }
        return t;
    }

    private Map<String, List<Constant>> scan() {
        Map<String, List<Constant>> out = new HashMap<>();
        Map<Long, String> typeNames = new HashMap<>();
        for (CompileUnit u : dwarf.units()) {
            if (u.isTypeUnit()) {
                continue;
            }
            for (Die d : dwarf.root(u).children()) {
                if (d.tag() != TAG_CONSTANT) {
                    continue;
                }
                OptionalLong type = d.reference(AT_TYPE);
                OptionalLong value = d.attribute(AT_CONST_VALUE).map(AttributeValue::asLong)
                        .orElse(OptionalLong.empty());
                if (type.isEmpty() || value.isEmpty() || d.name().isEmpty()) {
                    continue;
                }
                String typeName = typeNames.computeIfAbsent(type.getAsLong(), o -> {
                    DwarfType t = dwarf.type(o);
                    return t.declaredName().isEmpty() ? t.name() : t.declaredName();
                });
                out.computeIfAbsent(typeName, k -> new ArrayList<>()).add(new Constant(d.name(), value.getAsLong()));
            }
        }
        for (List<Constant> list : out.values()) {
            list.sort(Comparator.comparingLong(Constant::value));
        }
        return out;
    }
}
