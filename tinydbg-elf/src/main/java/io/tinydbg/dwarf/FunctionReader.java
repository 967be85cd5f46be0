package io.tinydbg.dwarf;

import static io.tinydbg.dwarf.DwarfConstants.*;

import io.tinydbg.dwarf.types.DwarfType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Reads a {@link DwarfFunction} from a subprogram DIE, following DW_AT_abstract_origin and DW_AT_specification. */
final class FunctionReader {
    private static final int MAX_CHAIN = 16;

    private FunctionReader() {
    }

    static DwarfFunction read(Dwarf dwarf, Die die, FunctionEntry entry) {
        List<Die> chain = chain(dwarf, die);
        String name = entry != null ? entry.name() : first(chain, d -> d.string(AT_NAME)).orElse("");
        String qualified = entry != null ? entry.qualifiedName() : name;
        String linkage = entry != null ? entry.linkageName()
                : first(chain, d -> d.string(AT_LINKAGE_NAME).or(() -> d.string(AT_MIPS_LINKAGE_NAME))).orElse("");
        Optional<DwarfType> returnType = Optional.empty();
        for (Die d : chain) {
            OptionalLong t = d.reference(AT_TYPE);
            if (t.isPresent()) {
                returnType = Optional.of(dwarf.type(t.getAsLong()));
                break;
            }
        }
        String declFile = "";
        int declLine = 0;
        for (Die d : chain) {
            OptionalLong file = d.unsigned(AT_DECL_FILE);
            if (file.isPresent()) {
                declFile = dwarf.fileName(d.unit(), file.getAsLong());
                declLine = (int) d.unsigned(AT_DECL_LINE).orElse(0);
                break;
            }
        }
        if (declLine == 0) {
            declLine = (int) first(chain, d -> boxed(d.unsigned(AT_DECL_LINE))).orElse(0L).longValue();
        }
        Die withChildren = die;
        if (!hasTag(die, TAG_FORMAL_PARAMETER)) {
            for (Die d : chain) {
                if (hasTag(d, TAG_FORMAL_PARAMETER)) {
                    withChildren = d;
                    break;
                }
            }
        }
        List<Parameter> params = new ArrayList<>();
        for (Die p : withChildren.children()) {
            if (p.tag() == TAG_FORMAL_PARAMETER) {
                List<Die> pc = chain(dwarf, p);
                params.add(new Parameter(first(pc, d -> d.string(AT_NAME)).orElse(""),
                        typeOf(dwarf, pc), LocationLists.of(p.context(), p.attribute(AT_LOCATION)),
                        anyFlag(pc, AT_VARIABLE_PARAMETER), anyFlag(pc, AT_ARTIFICIAL)));
            }
        }
        List<Variable> locals = new ArrayList<>();
        if (die.hasChildren()) {
            for (Die v : die.children()) {
                if (v.tag() == TAG_VARIABLE) {
                    List<Die> vc = chain(dwarf, v);
                    locals.add(new Variable(first(vc, d -> d.string(AT_NAME)).orElse(""),
                            typeOf(dwarf, vc), LocationLists.of(v.context(), v.attribute(AT_LOCATION))));
                }
            }
        }
        long origin = die.reference(AT_ABSTRACT_ORIGIN).orElse(die.reference(AT_SPECIFICATION).orElse(die.offset()));
        return new DwarfFunction(die.offset(), name, qualified, linkage, params, returnType, locals,
                LocationLists.of(die.context(), die.attribute(AT_FRAME_BASE)), dwarf.unitInfo(die.unit()), declFile,
                declLine, dwarf.hasInlinedCopies(die.offset(), origin));
    }

    private static Optional<Long> boxed(OptionalLong v) {
        return v.isPresent() ? Optional.of(v.getAsLong()) : Optional.empty();
    }

    private static boolean hasTag(Die d, int tag) {
        if (!d.hasChildren()) {
            return false;
        }
        for (Die c : d.children()) {
            if (c.tag() == tag) {
                return true;
            }
        }
        return false;
    }

    private static DwarfType typeOf(Dwarf dwarf, List<Die> chain) {
        for (Die d : chain) {
            OptionalLong t = d.reference(AT_TYPE);
            if (t.isPresent()) {
                return dwarf.type(t.getAsLong());
            }
        }
        return dwarf.voidType(chain.get(0));
    }

    private static boolean anyFlag(List<Die> chain, int attribute) {
        for (Die d : chain) {
            if (d.flag(attribute)) {
                return true;
            }
        }
        return false;
    }

    /** The DIE, then its abstract origin or specification, and theirs, without cycles. */
    private static List<Die> chain(Dwarf dwarf, Die die) {
        List<Die> out = new ArrayList<>();
        Die d = die;
        for (int i = 0; i < MAX_CHAIN && d != null; i++) {
            out.add(d);
            OptionalLong next = d.reference(AT_ABSTRACT_ORIGIN);
            if (next.isEmpty()) {
                next = d.reference(AT_SPECIFICATION);
            }
            d = next.isPresent() ? dwarf.die(next.getAsLong()) : null;
        }
        return out;
    }

    private static <T> Optional<T> first(List<Die> chain, java.util.function.Function<Die, Optional<T>> f) {
        for (Die d : chain) {
            Optional<T> v = f.apply(d);
            if (v.isPresent() && !(v.get() instanceof String && ((String) v.get()).isEmpty())) {
                return v;
            }
        }
        return Optional.empty();
    }
}
