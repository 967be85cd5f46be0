package io.tinydbg.dwarf.types;

import java.util.List;

/** A DW_TAG_array_type: element type and the count of each dimension (-1 when unknown, as in {@code int []}). */
public final class ArrayType extends DwarfType {
    private final DwarfType element;
    private final List<Long> dimensions;
    private final long declaredSize;

    public ArrayType(TypeInfo info, DwarfType element, List<Long> dimensions, long declaredSize) {
        super(info);
        this.element = element;
        this.dimensions = List.copyOf(dimensions);
        this.declaredSize = declaredSize;
    }

    public DwarfType element() {
        return element;
    }

    public List<Long> dimensions() {
        return dimensions;
    }

    @Override
    public long byteSize() {
        if (declaredSize > 0) {
            return declaredSize;
        }
        long size = element == null ? 0 : checkedSize(element, 0);
        for (long d : dimensions) {
            if (d < 0) {
                return 0;
            }
            size *= d;
        }
        return size;
    }

    @Override
    protected String format(String declarator, int depth) {
        StringBuilder dims = new StringBuilder(declarator);
        for (long d : dimensions) {
            dims.append('[').append(d < 0 ? "" : Long.toString(d)).append(']');
        }
        if (dimensions.isEmpty()) {
            dims.append("[]");
        }
        return element == null ? join("void", dims.toString()) : formatOf(element, dims.toString(), depth);
    }
}
