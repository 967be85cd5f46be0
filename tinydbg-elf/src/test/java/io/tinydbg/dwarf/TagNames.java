package io.tinydbg.dwarf;

import java.util.Map;

/** readelf's names of the common DW_TAG_* values, for comparing trees; "?" for the others. */
final class TagNames {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0x01, "DW_TAG_array_type"), Map.entry(0x02, "DW_TAG_class_type"),
            Map.entry(0x04, "DW_TAG_enumeration_type"), Map.entry(0x05, "DW_TAG_formal_parameter"),
            Map.entry(0x0b, "DW_TAG_lexical_block"), Map.entry(0x0d, "DW_TAG_member"),
            Map.entry(0x0f, "DW_TAG_pointer_type"), Map.entry(0x10, "DW_TAG_reference_type"),
            Map.entry(0x11, "DW_TAG_compile_unit"), Map.entry(0x13, "DW_TAG_structure_type"),
            Map.entry(0x15, "DW_TAG_subroutine_type"), Map.entry(0x16, "DW_TAG_typedef"),
            Map.entry(0x17, "DW_TAG_union_type"), Map.entry(0x1d, "DW_TAG_inlined_subroutine"),
            Map.entry(0x21, "DW_TAG_subrange_type"), Map.entry(0x24, "DW_TAG_base_type"),
            Map.entry(0x26, "DW_TAG_const_type"), Map.entry(0x28, "DW_TAG_enumerator"),
            Map.entry(0x2e, "DW_TAG_subprogram"), Map.entry(0x34, "DW_TAG_variable"),
            Map.entry(0x35, "DW_TAG_volatile_type"), Map.entry(0x39, "DW_TAG_namespace"),
            Map.entry(0x41, "DW_TAG_type_unit"), Map.entry(0x4a, "DW_TAG_skeleton_unit"));

    private TagNames() {
    }

    static String of(int tag) {
        return NAMES.getOrDefault(tag, "?");
    }
}
