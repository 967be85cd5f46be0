package io.tinydbg.dwarf.cfi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tinydbg.bytes.MalformedInputException;
import io.tinydbg.dwarf.cfi.testsupport.FakeSections;
import io.tinydbg.dwarf.cfi.testsupport.SectionBuilder;
import io.tinydbg.dwarf.expr.Expression;
import io.tinydbg.dwarf.expr.ExpressionFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Hand-written CFI for what the compilers here do not emit: 64-bit .debug_frame, CIE versions 1 and 4, every
 * DW_CFA instruction, and .eh_frame pointer encodings (pcrel, datarel, textrel, absolute, indirect personality).
 * Expected rows follow from DWARF 5 section 6.4.2 by hand.
 */
class SyntheticCfiTest {
    private static byte[] entry32(SectionBuilder body) {
        byte[] b = body.toByteArray();
        return new SectionBuilder().u32(b.length).bytes(b).toByteArray();
    }

    private static byte[] entry64(SectionBuilder body) {
        byte[] b = body.toByteArray();
        return new SectionBuilder().u32(0xffffffffL).u64(b.length).bytes(b).toByteArray();
    }

    /** A .debug_frame with a 64-bit version-4 CIE (code align 4, data align -8) and a 32-bit version-1 CIE. */
    static byte[] debugFrame() {
        SectionBuilder s = new SectionBuilder();
        s.bytes(entry64(new SectionBuilder().u64(-1).u8(4).cstring("").u8(8, 0).uleb(4).sleb(-8).uleb(16)
                .u8(0x0c, 7, 8).u8(0x90, 0x01))); // def_cfa rsp+8; offset ra at cfa-8
        s.bytes(entry64(new SectionBuilder().u64(0).u64(0x1000).u64(0x100)
                .u8(0x41) // advance_loc 1 (x4) -> 0x1004
                .u8(0x0e, 0x10) // def_cfa_offset 16
                .u8(0x11, 0x06, 0x7e) // offset_extended_sf rbp, -2 x -8 = +16
                .u8(0x0a) // remember_state
                .u8(0x02, 0x04) // advance_loc1 4 -> 0x1014
                .u8(0x0d, 0x06) // def_cfa_register rbp
                .u8(0x14, 0x03, 0x02) // val_offset rbx, 2 x -8
                .u8(0x09, 0x0c, 0x0d) // register r12 in r13
                .u8(0x07, 0x0e) // undefined r14
                .u8(0x08, 0x0f) // same_value r15
                .u8(0x03, 0x08, 0x00) // advance_loc2 8 -> 0x1034
                .u8(0x0b) // restore_state
                .u8(0x2e, 0x10) // GNU_args_size 16
                .u8(0x2f, 0x03, 0x02) // GNU_negative_offset_extended rbx, -(2 x -8)
                .u8(0x04).u32(1) // advance_loc4 1 -> 0x1038
                .u8(0x05, 0x10, 0x02) // offset_extended ra, 2 x -8
                .u8(0x06, 0x10) // restore_extended ra -> the CIE's c-8
                .u8(0x12, 0x07, 0x7d) // def_cfa_sf rsp, -3 x -8
                .u8(0x13, 0x7c) // def_cfa_offset_sf -4 x -8
                .u8(0x16, 0x01, 0x01, 0x31) // val_expression rdx: lit1
                .u8(0x10, 0x02, 0x01, 0x32) // expression rcx: lit2
                .u8(0x15, 0x04, 0x7f) // val_offset_sf rsi, -1 x -8
                .u8(0x44) // advance_loc 4 (x4) -> 0x1048
                .u8(0x0f, 0x02, 0x77, 0x08) // def_cfa_expression breg7 +8
                .u8(0xc3) // restore rbx: the CIE has no rule for it
                .u8(0, 0)));
        int cie1 = s.position();
        s.bytes(entry32(new SectionBuilder().u32(0xffffffffL).u8(1).cstring("").uleb(1).sleb(-8).u8(16)
                .u8(0x0c, 7, 8).u8(0x90, 0x01)));
        s.bytes(entry32(new SectionBuilder().u32(cie1).u64(0x2000).u64(0x10)));
        s.bytes(entry32(new SectionBuilder().u32(cie1).u64(0x3000).u64(0x10).u8(0x07, 0x10))); // ra undefined
        return s.toByteArray();
    }

    private static CallFrameTable debugTable() {
        return CallFrameTable.debugFrame(new FakeSections().with(".debug_frame", debugFrame()));
    }

    private static Map<Integer, RegisterRule> rules(Object... pairs) {
        Map<Integer, RegisterRule> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((Integer) pairs[i], (RegisterRule) pairs[i + 1]);
        }
        return m;
    }

    @Test
    void debugFrameRowsFollowEveryInstruction() {
        CallFrameTable t = debugTable();
        RegisterRule ra = new RegisterRule.Offset(-8);
        assertThat(t.rowAt(0x1003)).hasValue(new CfaRow(0x1000, 0x1004, new CfaRule.RegisterOffset(7, 8),
                rules(16, ra), 16, false));
        assertThat(t.rowAt(0x1004)).hasValue(new CfaRow(0x1004, 0x1014, new CfaRule.RegisterOffset(7, 16),
                rules(16, ra, 6, new RegisterRule.Offset(16)), 16, false));
        assertThat(t.rowAt(0x1033)).hasValue(new CfaRow(0x1014, 0x1034, new CfaRule.RegisterOffset(6, 16),
                rules(16, ra, 6, new RegisterRule.Offset(16), 3, new RegisterRule.ValOffset(-16),
                        12, new RegisterRule.Register(13), 14, new RegisterRule.Undefined(),
                        15, new RegisterRule.SameValue()), 16, false));
        assertThat(t.rowAt(0x1034)).hasValue(new CfaRow(0x1034, 0x1038, new CfaRule.RegisterOffset(7, 16),
                rules(16, ra, 6, new RegisterRule.Offset(16), 3, new RegisterRule.Offset(16)), 16, false));
        CfaRow r = t.rowAt(0x1040).orElseThrow();
        assertThat(r.address()).isEqualTo(0x1038);
        assertThat(r.cfa()).isEqualTo(new CfaRule.RegisterOffset(7, 32));
        assertThat(r.rule(16)).hasValue(ra);
        assertThat(r.rule(4)).hasValue(new RegisterRule.ValOffset(8));
        assertThat(r.rule(1)).hasValueSatisfying(x -> assertThat(
                ExpressionFormat.format(((RegisterRule.ValExpression) x).expression())).isEqualTo("DW_OP_lit1"));
        assertThat(r.rule(2)).hasValueSatisfying(x -> assertThat(
                ExpressionFormat.format(((RegisterRule.AtExpression) x).expression())).isEqualTo("DW_OP_lit2"));
        CfaRow last = t.rowAt(0x10ff).orElseThrow();
        assertThat(last.address()).isEqualTo(0x1048);
        assertThat(last.endAddress()).isEqualTo(0x1100);
        assertThat(ExpressionFormat.format(((CfaRule.ByExpression) last.cfa()).expression()))
                .isEqualTo("DW_OP_breg7 (rsp): 8");
        assertThat(last.rule(3)).isEmpty();
        assertThat(t.rowAt(0x1100)).isEmpty();
        assertThat(t.rowAt(0xfff)).isEmpty();
        assertThat(t.rowAt(0x2008).orElseThrow().cfa()).isEqualTo(new CfaRule.RegisterOffset(7, 8));
        assertThat(t.descriptions()).extracting(FrameDescription::pcBegin).containsExactly(0x1000L, 0x2000L, 0x3000L);
    }

    @Test
    void unwinderAppliesEveryRuleKind() {
        CallFrameTable t = debugTable();
        Map<Long, Long> memory = new HashMap<>(Map.of(0x7008L, 0x401234L, 0x7020L, 0x7100L, 2L, 0x2222L));
        MemoryReader mem = a -> {
            Long v = memory.get(a);
            if (v == null) {
                throw new io.tinydbg.TinydbgException("unreadable 0x" + Long.toHexString(a));
            }
            return v;
        };
        Map<Integer, Long> regs = Map.of(6, 0x7000L, 7, 0x6f00L, 13, 0x1313L, 14, 0x1414L, 15, 0x1515L, 3, 0x33L);
        RegisterSet set = r -> regs.containsKey(r) ? OptionalLong.of(regs.get(r)) : OptionalLong.empty();
        UnwoundFrame f = X86_64Unwinder.step(t, 0x1020, set, mem).orElseThrow();
        assertThat(f.pc()).isEqualTo(0x401234);
        assertThat(f.cfa()).isEqualTo(0x7010);
        assertThat(f.lookupPc()).isEqualTo(0x401233);
        assertThat(f.registers()).containsEntry(7, 0x7010L).containsEntry(6, 0x7100L).containsEntry(3, 0x7000L)
                .containsEntry(12, 0x1313L).containsEntry(15, 0x1515L).doesNotContainKey(14);

        // At 0x1040: CFA = rsp + 32; rdx = lit1 (a value), rcx = *(lit2) (an address), rsi = CFA + 8.
        Map<Integer, Long> regs2 = Map.of(7, 0x6fe8L);
        memory.put(0x7000L, 0x405000L);
        memory.put(0x7018L, 0x66L); // rbp and rbx are both saved at CFA + 16 in this row
        UnwoundFrame g = X86_64Unwinder.step(t, 0x1040, r -> regs2.containsKey(r) ? OptionalLong.of(regs2.get(r))
                : OptionalLong.empty(), mem).orElseThrow();
        assertThat(g.cfa()).isEqualTo(0x7008);
        assertThat(g.pc()).isEqualTo(0x405000);
        assertThat(g.registers()).containsEntry(1, 1L).containsEntry(2, 0x2222L).containsEntry(4, 0x7010L)
                .containsEntry(6, 0x66L).containsEntry(3, 0x66L);

        // An undefined return address marks the outermost frame.
        assertThat(X86_64Unwinder.step(t, 0x3004, r -> OptionalLong.of(0x6000), a -> 0x1L)).isEmpty();
    }

    /** .eh_frame at 0x5000 with one CIE per pointer encoding; .text at 0x1000, .got at 0x800. */
    static byte[] ehFrame() {
        SectionBuilder s = new SectionBuilder();
        int cieP = s.position();
        s.bytes(entry32(new SectionBuilder().u32(0).u8(1).cstring("zPLRS").uleb(1).sleb(-8).u8(16)
                .uleb(7).u8(0x9b).u32(0x1234).u8(0x1b).u8(0x1b) // personality: indirect pcrel sdata4
                .u8(0x0c, 7, 8).u8(0x90, 0x01)));
        int fde1 = s.position();
        // pcrel sdata4 begin at field offset fde1+8; range 0x20; LSDA (4 bytes of augmentation data)
        long field = 0x5000 + fde1 + 8;
        s.bytes(entry32(new SectionBuilder().u32(fde1 + 4 - cieP).u32(0x1000 - field).u32(0x20).uleb(4).u32(0)
                .u8(0x41, 0x0e, 0x10)));
        int cieD = s.position();
        s.bytes(entry32(new SectionBuilder().u32(0).u8(3).cstring("zR").uleb(1).sleb(-8).uleb(16).uleb(1)
                .u8(0x33).u8(0x0c, 7, 8).u8(0x90, 0x01))); // datarel udata4
        int fde2 = s.position();
        s.bytes(entry32(new SectionBuilder().u32(fde2 + 4 - cieD).u32(0x3000 - 0x800).u32(0x10).uleb(0)
                .u8(0x01).u32(0x3008 - 0x800).u8(0x0e, 24))); // set_loc 0x3008; def_cfa_offset 24
        int cieT = s.position();
        s.bytes(entry32(new SectionBuilder().u32(0).u8(1).cstring("zR").uleb(1).sleb(-8).u8(16).uleb(1)
                .u8(0x23).u8(0x0c, 7, 8).u8(0x90, 0x01))); // textrel udata4
        int fde3 = s.position();
        s.bytes(entry32(new SectionBuilder().u32(fde3 + 4 - cieT).u32(0x4800 - 0x1000).u32(0x10).uleb(0)));
        int cieA = s.position();
        s.bytes(entry32(new SectionBuilder().u32(0).u8(1).cstring("zR").uleb(1).sleb(-8).u8(16).uleb(1)
                .u8(0x03).u8(0x0c, 7, 8).u8(0x90, 0x01))); // absolute udata4
        int fde4 = s.position();
        s.bytes(entry32(new SectionBuilder().u32(fde4 + 4 - cieA).u32(0x2000).u32(0x10).uleb(0).u8(0x42, 0x0e, 32)));
        s.u32(0); // terminator
        return s.toByteArray();
    }

    /** An .eh_frame_hdr at 0x4f00 whose table points at the FDEs of {@link #ehFrame()}. */
    static byte[] ehFrameHdr(byte[] ehFrame) {
        CallFrameTable plain = CallFrameTable.ehFrame(ehFrameSections(ehFrame));
        List<FrameDescription> fdes = plain.descriptions().stream()
                .sorted(java.util.Comparator.comparingLong(FrameDescription::pcBegin)).toList();
        SectionBuilder h = new SectionBuilder().u8(1, 0x1b, 0x03, 0x3b).u32(0x5000 - (0x4f00 + 4)).u32(fdes.size());
        for (FrameDescription d : fdes) {
            h.u32(d.pcBegin() - 0x4f00).u32(0x5000 + d.offset() - 0x4f00);
        }
        return h.toByteArray();
    }

    private static FakeSections ehFrameSections(byte[] ehFrame) {
        return new FakeSections().with(".eh_frame", ehFrame, 0x5000).address(".text", 0x1000)
                .address(".got", 0x800);
    }

    @Test
    void ehFramePointerEncodingsWithAndWithoutHeader() {
        byte[] eh = ehFrame();
        CallFrameTable plain = CallFrameTable.ehFrame(ehFrameSections(eh));
        CallFrameTable indexed = CallFrameTable.ehFrame(ehFrameSections(eh).with(".eh_frame_hdr", ehFrameHdr(eh),
                0x4f00));
        assertThat(plain.descriptions()).extracting(FrameDescription::pcBegin, FrameDescription::pcEnd)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0x1000L, 0x1020L),
                        org.assertj.core.groups.Tuple.tuple(0x3000L, 0x3010L),
                        org.assertj.core.groups.Tuple.tuple(0x4800L, 0x4810L),
                        org.assertj.core.groups.Tuple.tuple(0x2000L, 0x2010L));
        for (CallFrameTable t : List.of(plain, indexed)) {
            assertThat(t.rowAt(0x1000).orElseThrow().cfa()).isEqualTo(new CfaRule.RegisterOffset(7, 8));
            CfaRow r = t.rowAt(0x1001).orElseThrow();
            assertThat(r.cfa()).isEqualTo(new CfaRule.RegisterOffset(7, 16));
            assertThat(r.signalFrame()).isTrue();
            assertThat(r.rule(16)).hasValue(new RegisterRule.Offset(-8));
            assertThat(t.rowAt(0x3007).orElseThrow().cfa()).isEqualTo(new CfaRule.RegisterOffset(7, 8));
            assertThat(t.rowAt(0x3008).orElseThrow().cfa()).isEqualTo(new CfaRule.RegisterOffset(7, 24));
            assertThat(t.rowAt(0x480f).orElseThrow().address()).isEqualTo(0x4800);
            assertThat(t.rowAt(0x2002).orElseThrow().cfa()).isEqualTo(new CfaRule.RegisterOffset(7, 32));
            assertThat(t.rowAt(0x2001).orElseThrow().cfa()).isEqualTo(new CfaRule.RegisterOffset(7, 8));
            assertThat(t.rowAt(0x1020)).isEmpty();
            assertThat(t.rowAt(0x500)).isEmpty();
        }
        // A signal frame's pc is not a return address, so its callers look up with the pc itself.
        UnwoundFrame f = X86_64Unwinder.step(plain, 0x1001, r -> OptionalLong.of(0x100), a -> 0x2005).orElseThrow();
        assertThat(f.signalFrame()).isTrue();
        assertThat(f.lookupPc()).isEqualTo(0x2005);
    }

    @Test
    void combinedTableFallsBackToDebugFrame() {
        byte[] eh = ehFrame();
        CallFrameTable t = CallFrameTable.of(ehFrameSections(eh).with(".debug_frame", debugFrame()));
        assertThat(t.rowAt(0x1001).orElseThrow().signalFrame()).isTrue(); // from .eh_frame
        assertThat(t.rowAt(0x1040).orElseThrow().cfa()).isEqualTo(new CfaRule.RegisterOffset(7, 32)); // .debug_frame
        assertThat(t.descriptions()).hasSize(7);
        assertThat(CallFrameTable.of(new FakeSections()).isEmpty()).isTrue();
        assertThat(CallFrameTable.of(new FakeSections()).rowAt(0x1000)).isEmpty();
    }

    @Test
    void malformedInputNamesSectionAndOffset() {
        byte[] bad = debugFrame();
        bad[12 + 8] = 9; // CIE version 9
        assertThatThrownBy(() -> CallFrameTable.debugFrame(new FakeSections().with(".debug_frame", bad))
                .rowAt(0x1000)).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("synthetic: .debug_frame+0x14").hasMessageContaining("CIE version 9");
        byte[] unknownOp = new SectionBuilder().bytes(entry32(new SectionBuilder().u32(0xffffffffL).u8(1)
                .cstring("").uleb(1).sleb(-8).u8(16).u8(0x0c, 7, 8)))
                .bytes(entry32(new SectionBuilder().u32(0).u64(0x10).u64(0x10).u8(0x3f))).toByteArray();
        assertThatThrownBy(() -> CallFrameTable.debugFrame(new FakeSections().with(".debug_frame", unknownOp))
                .rowAt(0x10)).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("unknown call frame instruction 0x3f");
        assertThat(Expression.parse(new byte[] {0x77, 0x08}, 8, 4).operations()).hasSize(1);
    }
}
