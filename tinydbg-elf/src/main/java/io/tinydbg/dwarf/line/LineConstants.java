package io.tinydbg.dwarf.line;

/** The DWARF numbers the line-program reader understands (DWARF 5 section 7.22 and 7.5.6). */
final class LineConstants {
    private LineConstants() {
    }

    // Standard opcodes.
    static final int DW_LNS_copy = 0x01;
    static final int DW_LNS_advance_pc = 0x02;
    static final int DW_LNS_advance_line = 0x03;
    static final int DW_LNS_set_file = 0x04;
    static final int DW_LNS_set_column = 0x05;
    static final int DW_LNS_negate_stmt = 0x06;
    static final int DW_LNS_set_basic_block = 0x07;
    static final int DW_LNS_const_add_pc = 0x08;
    static final int DW_LNS_fixed_advance_pc = 0x09;
    static final int DW_LNS_set_prologue_end = 0x0a;
    static final int DW_LNS_set_epilogue_begin = 0x0b;
    static final int DW_LNS_set_isa = 0x0c;

    // Extended opcodes.
    static final int DW_LNE_end_sequence = 0x01;
    static final int DW_LNE_set_address = 0x02;
    static final int DW_LNE_define_file = 0x03;
    static final int DW_LNE_set_discriminator = 0x04;

    // Content types of DWARF 5 directory and file entries.
    static final int DW_LNCT_path = 0x1;
    static final int DW_LNCT_directory_index = 0x2;
    static final int DW_LNCT_timestamp = 0x3;
    static final int DW_LNCT_size = 0x4;
    static final int DW_LNCT_MD5 = 0x5;

    // Forms allowed in DWARF 5 entry formats.
    static final int DW_FORM_block2 = 0x03;
    static final int DW_FORM_block4 = 0x04;
    static final int DW_FORM_data2 = 0x05;
    static final int DW_FORM_data4 = 0x06;
    static final int DW_FORM_data8 = 0x07;
    static final int DW_FORM_string = 0x08;
    static final int DW_FORM_block = 0x09;
    static final int DW_FORM_block1 = 0x0a;
    static final int DW_FORM_data1 = 0x0b;
    static final int DW_FORM_sdata = 0x0d;
    static final int DW_FORM_strp = 0x0e;
    static final int DW_FORM_udata = 0x0f;
    static final int DW_FORM_strx = 0x1a;
    static final int DW_FORM_data16 = 0x1e;
    static final int DW_FORM_line_strp = 0x1f;
    static final int DW_FORM_strx1 = 0x25;
    static final int DW_FORM_strx2 = 0x26;
    static final int DW_FORM_strx3 = 0x27;
    static final int DW_FORM_strx4 = 0x28;
}
