package io.tinydbg.dwarf.types;

import java.util.List;
import java.util.Optional;

/** A DW_TAG_subroutine_type: the type of a function, usually seen through a function pointer. */
public final class SubroutineType extends DwarfType {
    private final DwarfType returnType;
    private final List<DwarfType> parameters;
    private final boolean prototyped;
    private final boolean variadic;

    public SubroutineType(TypeInfo info, DwarfType returnType, List<DwarfType> parameters, boolean prototyped,
                          boolean variadic) {
        super(info);
        this.returnType = returnType;
        this.parameters = List.copyOf(parameters);
        this.prototyped = prototyped;
        this.variadic = variadic;
    }

    /** Empty for void. */
    public Optional<DwarfType> returnType() {
        return Optional.ofNullable(returnType);
    }

    public List<DwarfType> parameters() {
        return parameters;
    }

    public boolean isVariadic() {
        return variadic;
    }

    /** 1, as gdb and GNU C give {@code sizeof} of a function (Go func values: see {@link #goKind()}). */
    @Override
    public long byteSize() {
        return 1;
    }

    @Override
    protected String format(String declarator, int depth) {
        StringBuilder params = new StringBuilder(declarator).append('(');
        for (int i = 0; i < parameters.size(); i++) {
            params.append(i == 0 ? "" : ", ").append(formatOf(parameters.get(i), "", depth));
        }
        if (variadic) {
            params.append(parameters.isEmpty() ? "..." : ", ...");
        } else if (parameters.isEmpty() && prototyped) {
            params.append("void");
        }
        params.append(')');
        return returnType == null ? join("void", params.toString()) : formatOf(returnType, params.toString(), depth);
    }
}
