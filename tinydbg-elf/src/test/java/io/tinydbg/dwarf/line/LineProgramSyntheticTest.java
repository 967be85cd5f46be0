package io.tinydbg.dwarf.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tinydbg.bytes.MalformedInputException;
import io.tinydbg.dwarf.line.testsupport.ByteWriter;
import io.tinydbg.dwarf.line.testsupport.MapSections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Hand-made line programs for what the compilers here never emit: DWARF 5 strx/data16/block/vendor entry
 * formats, a 64-bit unit, unknown standard and extended opcodes, opcode_base below 13, DW_LNE_define_file,
 * 4-byte addresses that wrap, VLIW op_index, minimum_instruction_length above 1, and bad headers. Expected
 * values follow DWARF 5 section 6.2 step by step (in the comments).
 */
class LineProgramSyntheticTest {
    private static final int DW_LNCT_path = 1;
    private static final int DW_LNCT_directory_index = 2;
    private static final int DW_LNCT_timestamp = 3;
    private static final int DW_LNCT_MD5 = 5;
    private static final int DW_FORM_block = 0x09;
    private static final int DW_FORM_data4 = 0x06;
    private static final int DW_FORM_string = 0x08;
    private static final int DW_FORM_udata = 0x0f;
    private static final int DW_FORM_data16 = 0x1e;
    private static final int DW_FORM_strx1 = 0x25;

    /** A 64-bit DWARF 5 program: min_inst 4, default_is_stmt 0, line_base -3, line_range 12, opcode_base 14. */
    static byte[] dwarf5Program() {
        ByteWriter w = new ByteWriter();
        w.u32(0xffffffffL).u64(0); // unit_length, patched
        int unitStart = w.size();
        w.u16(5).u8(8).u8(0);
        int headerLengthAt = w.size();
        w.u64(0); // header_length, patched
        int headerStart = w.size();
        w.u8(4).u8(1).u8(0).u8(0xfd).u8(12).u8(14);
        for (int len : new int[] {0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1, 2}) {
            w.u8(len); // opcodes 1-13; 13 is unknown with two operands
        }
        w.u8(1).uleb(DW_LNCT_path).uleb(DW_FORM_strx1);
        w.uleb(2).u8(0).u8(1); // directories "/comp" and "inc", through .debug_str_offsets
        w.u8(5).uleb(DW_LNCT_path).uleb(DW_FORM_string).uleb(DW_LNCT_directory_index).uleb(DW_FORM_udata)
                .uleb(DW_LNCT_MD5).uleb(DW_FORM_data16).uleb(DW_LNCT_timestamp).uleb(DW_FORM_data4)
                .uleb(0x2001).uleb(DW_FORM_block);
        w.uleb(2);
        w.cstr("main.c").uleb(0).bytes(new byte[16]).u32(1234).uleb(3).bytes(new byte[] {'a', 'b', 'c'});
        w.cstr("util.h").uleb(1).bytes(new byte[16]).u32(0).uleb(0);
        int programStart = w.size();
        // Sequence 1.
        w.u8(0).uleb(9).u8(2).u64(0x1000); // set_address 0x1000
        w.u8(1); // copy: row 0 at 0x1000, file 1, line 1, not stmt
        w.u8(6); // negate_stmt
        w.u8(10); // set_prologue_end
        w.u8(31); // special: adjusted 17 -> 1 op (4 bytes), line +2: row 1 at 0x1004 line 3 stmt prologue_end
        w.u8(13).uleb(300).uleb(5); // unknown standard opcode, two operands skipped
        w.u8(4).uleb(0); // set_file 0
        w.u8(5).uleb(7); // set_column 7
        w.u8(3).sleb(-1); // advance_line -1 -> 2
        w.u8(2).uleb(2); // advance_pc 2 ops -> 0x100c
        w.u8(0).uleb(2).u8(4).uleb(3); // set_discriminator 3
        w.u8(0).uleb(4).u8(0x80).u8(1).u8(2).u8(3); // unknown extended opcode, skipped by length
        w.u8(7).u8(11).u8(12).uleb(5); // basic_block, epilogue_begin, set_isa 5
        w.u8(1); // copy: row 2 at 0x100c, file 0, line 2, column 7, stmt, basic block, epilogue, discr. 3
        w.u8(8); // const_add_pc: (255-14)/12 = 20 ops = 80 bytes -> 0x105c
        w.u8(9).u16(4); // fixed_advance_pc 4 -> 0x1060
        w.u8(17); // special: adjusted 3 -> 0 ops, line +0: row 3 at 0x1060 line 2
        w.u8(2).uleb(1).u8(0).uleb(1).u8(1); // advance_pc 1 op; end_sequence: row 4 at 0x1064
        // Sequence 2, below the first in address.
        w.u8(0).uleb(9).u8(2).u64(0x800);
        w.u8(3).sleb(9).u8(1); // line 10; copy: row 5 at 0x800 line 10 (file 1, not stmt after the reset)
        w.u8(6).u8(42); // stmt; special adjusted 28 -> 2 ops (8 bytes), line +1: row 6 at 0x808 line 11 stmt
        w.u8(2).uleb(1).u8(0).uleb(1).u8(1); // end_sequence: row 7 at 0x80c
        byte[] b = w.toArray();
        ByteWriter.patch(b, 4, b.length - unitStart, 8);
        ByteWriter.patch(b, headerLengthAt, programStart - headerStart, 8);
        return b;
    }

    /** .debug_str "\0/comp\0inc\0" and a 64-bit .debug_str_offsets whose entries start at 16. */
    static MapSections dwarf5Sections(byte[] line) {
        byte[] str = "\0/comp\0inc\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] offsets = new ByteWriter().u32(0xffffffffL).u64(20).u16(5).u16(0).u64(1).u64(7).toArray();
        return new MapSections("synthetic").with(".debug_line", line).with(".debug_str", str)
                .with(".debug_str_offsets", offsets);
    }

    @Test
    void dwarf5RowsFollowTheStandard() {
        LineProgram p = LineProgram.read(dwarf5Sections(dwarf5Program()), 0, 8, "/build", "main.c", 16);
        assertThat(p.version()).isEqualTo(5);
        assertThat(p.rows()).containsExactly(
                new LineRow(0x1000, 1, 1, 0, false, false, false, false, false, 0),
                new LineRow(0x1004, 1, 3, 0, true, false, false, true, false, 0),
                new LineRow(0x100c, 0, 2, 7, true, true, false, false, true, 3),
                new LineRow(0x1060, 0, 2, 7, true, false, false, false, false, 0),
                new LineRow(0x1064, 0, 2, 7, true, false, true, false, false, 0),
                new LineRow(0x800, 1, 10, 0, false, false, false, false, false, 0),
                new LineRow(0x808, 1, 11, 0, true, false, false, false, false, 0),
                new LineRow(0x80c, 1, 11, 0, true, false, true, false, false, 0));
        assertThat(p.fileName(0)).isEqualTo("/comp/main.c");
        assertThat(p.fileName(1)).as("relative directory under directory 0").isEqualTo("/comp/inc/util.h");
        assertThat(p.firstFileIndex()).isZero();
        assertThat(p.fileCount()).isEqualTo(2);
    }

    @Test
    void lookupFindsTheCoveringRowInSortedSequences() {
        LineProgram p = LineProgram.read(dwarf5Sections(dwarf5Program()), 0, 8, "/build", "main.c", 16);
        assertThat(p.lookup(0x1000)).contains(new LineLocation("/comp/inc/util.h", 1, 0));
        assertThat(p.lookup(0x1005)).contains(new LineLocation("/comp/inc/util.h", 3, 0));
        assertThat(p.lookup(0x105f)).contains(new LineLocation("/comp/main.c", 2, 7));
        assertThat(p.lookup(0x1063)).contains(new LineLocation("/comp/main.c", 2, 7));
        assertThat(p.lookup(0x1064)).isEmpty();
        assertThat(p.lookup(0x7ff)).isEmpty();
        assertThat(p.lookup(0x807)).contains(new LineLocation("/comp/inc/util.h", 10, 0));
        assertThat(p.lookup(0x80b)).contains(new LineLocation("/comp/inc/util.h", 11, 0));
        assertThat(p.lookup(0x80c)).isEmpty();
        assertThat(p.lookup(0xfff)).isEmpty();
        assertThat(p.lookup(-1L)).isEmpty();
    }

    @Test
    void prologueEndPrefersTheFlagThenTheSecondStmtRowThenTheEntry() {
        LineProgram p = LineProgram.read(dwarf5Sections(dwarf5Program()), 0, 8, "/build", "main.c", 16);
        assertThat(p.prologueEnd(0x1000, 0x1064)).as("flagged row").isEqualTo(0x1004);
        assertThat(p.prologueEnd(0x800, 0x80c)).as("second stmt row").isEqualTo(0x808);
        assertThat(p.prologueEnd(0x800, 0x808)).as("no second row inside the function").isEqualTo(0x800);
        assertThat(p.prologueEnd(0x2000, 0x2010)).as("no line table").isEqualTo(0x2000);
    }

    @Test
    void strxNeedsTheUnitsStrOffsetsBase() {
        assertThatThrownBy(() -> LineProgram.read(dwarf5Sections(dwarf5Program()), 0, 8, "/build", "main.c"))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("synthetic").hasMessageContaining(".debug_line")
                .hasMessageContaining("str_offsets_base");
    }

    /** DWARF 3, 32-bit, 4-byte addresses, opcode_base 10 (opcodes 10-12 are special), DW_LNE_define_file. */
    static byte[] dwarf3Program() {
        ByteWriter w = new ByteWriter();
        w.u32(0).u16(3).u32(0);
        int headerStart = w.size();
        w.u8(1).u8(1).u8(0xfb).u8(14).u8(10);
        for (int len : new int[] {0, 1, 1, 1, 1, 0, 0, 0, 1}) {
            w.u8(len);
        }
        w.cstr("/usr/include").cstr("rel").u8(0);
        w.cstr("a.c").uleb(0).uleb(0).uleb(0).cstr("b.h").uleb(1).uleb(0).uleb(0)
                .cstr("c.h").uleb(2).uleb(0).uleb(0).u8(0);
        int programStart = w.size();
        w.u8(0).uleb(5).u8(2).u32(0xfffffff0L); // set_address with a 4-byte operand
        w.u8(1); // row 0 at 0xfffffff0, file 1 line 1
        w.u8(0).uleb(8).u8(3).cstr("d.h").uleb(1).uleb(0).uleb(0); // define_file: file 4
        w.u8(4).uleb(4); // set_file 4
        w.u8(2).uleb(0x20); // advance_pc wraps at 32 bits -> 0x10
        w.u8(10 + 5 + 14); // special: adjusted 19 -> 1 byte, line +0: row 1 at 0x11 file 4
        w.u8(12); // special (opcode_base 10): adjusted 2 -> line -3: row 2 at 0x11 line -2
        w.u8(0).uleb(1).u8(1); // end_sequence: row 3
        byte[] b = w.toArray();
        ByteWriter.patch(b, 0, b.length - 4, 4);
        ByteWriter.patch(b, 6, programStart - headerStart, 4);
        return b;
    }

    @Test
    void dwarf3DefineFileWrapsAndShortOpcodeBase() {
        MapSections s = new MapSections("synthetic3").with(".debug_line", dwarf3Program());
        LineProgram p = LineProgram.read(s, 0, 4, "/cu", "a.c");
        assertThat(p.rows()).extracting(LineRow::address, LineRow::file, LineRow::line, LineRow::endSequence)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0xfffffff0L, 1, 1, false),
                        org.assertj.core.groups.Tuple.tuple(0x11L, 4, 1, false),
                        org.assertj.core.groups.Tuple.tuple(0x11L, 4, -2, false),
                        org.assertj.core.groups.Tuple.tuple(0x11L, 4, -2, true));
        assertThat(p.fileName(0)).as("index 0 before DWARF 5: the unit's name").isEqualTo("/cu/a.c");
        assertThat(p.fileName(1)).isEqualTo("/cu/a.c");
        assertThat(p.fileName(2)).isEqualTo("/usr/include/b.h");
        assertThat(p.fileName(3)).isEqualTo("/cu/rel/c.h");
        assertThat(p.fileName(4)).as("defined by DW_LNE_define_file").isEqualTo("/usr/include/d.h");
        assertThat(p.fileCount()).isEqualTo(4);
        assertThatThrownBy(() -> p.fileName(5)).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("synthetic3: .debug_line+0x0").hasMessageContaining("file index 5");
    }

    @Test
    void vliwOpIndexAdvancesTheAddressPerWholeInstruction() {
        ByteWriter w = new ByteWriter();
        w.u32(0).u16(4).u32(0);
        int headerStart = w.size();
        w.u8(8).u8(3).u8(1).u8(0xfb).u8(14).u8(13); // min_inst 8, max_ops 3
        for (int len : new int[] {0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1}) {
            w.u8(len);
        }
        w.u8(0).cstr("v.c").uleb(0).uleb(0).uleb(0).u8(0);
        int programStart = w.size();
        w.u8(0).uleb(9).u8(2).u64(0x4000);
        w.u8(2).uleb(4).u8(1); // 4 ops: 1 instruction (8 bytes), op_index 1 -> row at 0x4008
        w.u8(13 + 5 + 14 * 2).u8(0).uleb(1).u8(1); // 2 ops: op_index 3 -> 1 instruction -> row at 0x4010
        byte[] b = w.toArray();
        ByteWriter.patch(b, 0, b.length - 4, 4);
        ByteWriter.patch(b, 6, programStart - headerStart, 4);
        LineProgram p = LineProgram.read(new MapSections("vliw").with(".debug_line", b), 0, 8, null, null);
        assertThat(p.rows()).extracting(LineRow::address).containsExactly(0x4008L, 0x4010L, 0x4010L);
        assertThat(p.fileName(1)).as("no comp_dir: the name as written").isEqualTo("v.c");
    }

    @Test
    void offsetsChainUnitLengthsOfBothFormats() {
        byte[] v5 = dwarf5Program();
        byte[] v3 = dwarf3Program();
        byte[] both = new ByteWriter().bytes(v3).bytes(v5).bytes(v3).toArray();
        MapSections s = dwarf5Sections(both);
        assertThat(LineProgram.offsets(s)).containsExactly(0L, (long) v3.length, (long) v3.length + v5.length);
        assertThat(LineProgram.read(s, v3.length, 8, "/b", "m.c", 16).rows()).hasSize(8);
        assertThat(LineProgramOffsets.all(new MapSections("none"))).isEmpty();
    }

    @Test
    void badHeadersNameSourceSectionAndOffset() {
        byte[] v3 = dwarf3Program();
        byte[] badVersion = ByteWriter.patch(v3.clone(), 4, 6, 2);
        assertThatThrownBy(() -> LineProgram.read(new MapSections("bad").with(".debug_line", badVersion), 0, 8,
                null, null)).isInstanceOf(MalformedInputException.class)
                .hasMessage("bad: .debug_line+0x4: unsupported line table version 6");
        byte[] tooLong = ByteWriter.patch(v3.clone(), 0, 0x10000, 4);
        assertThatThrownBy(() -> LineProgram.read(new MapSections("bad").with(".debug_line", tooLong), 0, 8,
                null, null)).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("bad: .debug_line+0x0: unit length 65536 passes the end");
        byte[] reserved = ByteWriter.patch(v3.clone(), 0, 0xfffffff0L, 4);
        assertThatThrownBy(() -> LineProgramOffsets.all(new MapSections("bad").with(".debug_line", reserved)))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("reserved unit length");
        assertThatThrownBy(() -> LineProgram.read(new MapSections("bad").with(".debug_line", v3), 1L << 40, 8,
                null, null)).isInstanceOf(MalformedInputException.class).hasMessageContaining(".debug_line");
        assertThatThrownBy(() -> LineProgram.read(new MapSections("empty"), 0x30, 8, null, null))
                .isInstanceOf(MalformedInputException.class)
                .hasMessage("empty: .debug_line+0x30: a line program is referenced but there is no .debug_line"
                        + " section");
        MapSections noStr = new MapSections("nostr").with(".debug_line", dwarf5Program());
        assertThatThrownBy(() -> LineProgram.read(noStr, 0, 8, null, null, 16))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("nostr: .debug_line+").hasMessageContaining(".debug_str_offsets");
    }

    @Test
    void rowsViewIsReadOnlyAndBounded() {
        LineProgram p = LineProgram.read(dwarf5Sections(dwarf5Program()), 0, 8, "/b", "m.c", 16);
        List<LineRow> rows = p.rows();
        assertThatThrownBy(() -> rows.add(rows.get(0))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> rows.get(8)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(p.rowAt(0x1004)).map(LineRow::prologueEnd).isEqualTo(Optional.of(true));
    }
}
