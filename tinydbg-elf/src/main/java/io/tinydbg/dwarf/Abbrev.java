package io.tinydbg.dwarf;

/**
 * One abbreviation: the tag, whether children follow, and the attribute/form pairs every DIE using it has.
 * {@code implicitConsts[i]} holds the value of a DW_FORM_implicit_const attribute (which takes no DIE bytes).
 */
record Abbrev(int code, int tag, boolean hasChildren, int[] attributes, int[] forms, long[] implicitConsts) {

    /** Index of {@code attribute} in this abbreviation, or -1. */
    int indexOf(int attribute) {
        for (int i = 0; i < attributes.length; i++) {
            if (attributes[i] == attribute) {
                return i;
            }
        }
        return -1;
    }
}
