package io.tinydbg.x86;

import static io.tinydbg.x86.testsupport.BinaryObjdump.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.x86.testsupport.BinaryObjdump;
import io.tinydbg.x86.testsupport.ObjdumpListing;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A table of encodings that break naive length decoders, each one instruction: its length and kind are checked,
 * and the whole table, laid out back to back, must split at the same boundaries as {@code objdump -D}'s.
 */
class TrickyEncodingsTest {
    private record Entry(String hex, Kind kind, String what) {
        byte[] bytes() {
            return BinaryObjdump.hex(hex);
        }
    }

    private static Entry e(String hex, Kind kind, String what) {
        return new Entry(hex, kind, what);
    }

    private static Entry e(String hex, String what) {
        return new Entry(hex, Kind.OTHER, what);
    }

    static final List<Entry> TABLE = List.of(
            // VEX
            e("c5 f8 77", "vzeroupper (no ModRM)"),
            e("c5 fd 6f 05 10 00 00 00", "vmovdqa ymm0, [rip+0x10]"),
            e("c4 e3 7d 18 c1 01", "vinsertf128 (VEX 0f3a imm8)"),
            e("c4 e2 79 18 05 00 01 00 00", "vbroadcastss xmm0, [rip] (VEX 0f38)"),
            e("c5 f9 70 c1 1b", "vpshufd imm8 (VEX 0f 70)"),
            e("c5 f1 73 d0 04", "vpsrlq imm8 (VEX 0f 73)"),
            e("c5 f8 c2 c1 00", "vcmpps imm8"),
            e("c5 f9 c5 c1 02", "vpextrw imm8"),
            e("c4 e2 f0 f7 c0", "bextr (VEX 0f38, no imm)"),
            e("c4 e3 fb f0 c1 05", "rorx imm8"),
            e("c4 e1 f9 7e c0", "vmovq (3-byte VEX, map 0f)"),
            e("c4 e2 7d 5a 44 24 20", "vbroadcasti128 [rsp+0x20]"),
            // EVEX
            e("62 f1 fe 48 6f 05 00 00 00 00", "vmovdqu64 zmm0, [rip]"),
            e("62 f3 7d 48 3f c1 04", "vpcmpb k0, zmm0, zmm1, 4 (EVEX 0f3a)"),
            e("62 f1 7d 48 72 e0 05", "vpsrad zmm imm8 (EVEX 0f 72)"),
            e("62 f2 7d 48 7c c0", "vpbroadcastd zmm0, eax (EVEX 0f38)"),
            e("62 f1 7c 48 c2 c1 00", "vcmpps k0, zmm0, zmm1, 0"),
            e("62 f1 fd 48 7f 44 24 01", "vmovdqa64 [rsp+0x40], zmm0 (disp8*N)"),
            e("62 f1 fd 48 7f 84 24 00 01 00 00", "vmovdqa64 [rsp+0x100], zmm0 (disp32)"),
            e("62 f5 7c 48 58 c1", "vaddph (EVEX map 5)"),
            e("62 f2 7d 49 92 44 88 01", "vgatherdps with VSIB and disp8"),
            // legacy prefixes and operand size
            e("66 81 c0 34 12", "add ax, imm16"),
            e("66 c7 00 34 12", "mov word [rax], imm16"),
            e("66 c7 44 24 08 34 12", "mov word [rsp+8], imm16"),
            e("66 b8 34 12", "mov ax, imm16"),
            e("66 69 c0 34 12", "imul ax, ax, imm16"),
            e("66 a9 34 12", "test ax, imm16"),
            e("66 68 34 12", "pushw imm16"),
            e("66 f7 c0 34 12", "test ax, imm16 (f7 /0)"),
            e("f6 d1", "not cl (f6 /2, no imm)"),
            e("f6 c1 01", "test cl, imm8 (f6 /0)"),
            e("48 b8 88 77 66 55 44 33 22 11", "movabs rax, imm64"),
            e("49 c7 c0 ff ff ff ff", "mov r8, imm32 sign-extended"),
            e("48 63 c7", "movsxd"),
            e("f0 48 0f b1 0a", "lock cmpxchg"),
            e("64 48 8b 0c 25 f8 ff ff ff", "mov rcx, fs:[-8] (Go TLS)"),
            e("8b 04 25 00 10 00 00", "mov eax, [abs32] (SIB, no base)"),
            e("8b 04 c5 00 10 00 00", "mov eax, [rax*8+abs32]"),
            e("81 3d 00 01 00 00 01 00 00 00", "cmp dword [rip], imm32"),
            e("c6 05 00 01 00 00 01", "mov byte [rip], imm8"),
            e("48 c7 05 00 01 00 00 01 00 00 00", "mov qword [rip], imm32"),
            e("8f c0", "pop rax (8f /0)"),
            e("0f 20 c0", "mov rax, cr0"),
            // moffs
            e("a0 88 77 66 55 44 33 22 11", "movabs al, moffs64"),
            e("48 a3 88 77 66 55 44 33 22 11", "movabs moffs64, rax"),
            e("67 a1 44 33 22 11", "mov eax, moffs32 (67)"),
            // ENTER and friends
            e("c8 10 00 01", "enter 0x10, 1"),
            e("c9", "leave"),
            // x87
            e("d9 ee", "fldz"),
            e("dd 05 00 01 00 00", "fld qword [rip]"),
            e("df e0", "fnstsw ax"),
            e("d8 4c 24 08", "fmul dword [rsp+8]"),
            e("db 2c 24", "fld tbyte [rsp]"),
            e("de c9", "fmulp"),
            // SSE
            e("66 0f 3a 0f c1 08", "palignr imm8"),
            e("66 0f 38 00 c1", "pshufb"),
            e("f2 48 0f 38 f1 c1", "crc32"),
            e("66 0f 73 d8 08", "psrldq imm8"),
            e("0f c2 c1 00", "cmpps imm8"),
            e("66 0f c6 c1 00", "shufpd imm8"),
            e("66 0f 3a 63 05 00 01 00 00 0c", "pcmpistri [rip], imm8"),
            e("f3 0f b8 c1", "popcnt"),
            e("0f ae f0", "mfence"),
            e("66 0f 78 c0 04 08", "extrq imm8, imm8 (SSE4a)"),
            e("f2 0f 78 c1 04 08", "insertq imm8, imm8 (SSE4a)"),
            // 3DNow! and XOP
            e("0f 0f c1 9e", "pfadd (3DNow!, trailing opcode)"),
            e("8f e8 78 a2 c1 00", "vpcmov (XOP map 8, imm8)"),
            e("8f e9 78 81 c0", "vfrczps (XOP map 9)"),
            e("8f ea 78 10 c0 01 00 00 00", "bextr imm32 (XOP map a)"),
            // NOPs from 1 to 15 bytes
            e("90", "nop"),
            e("66 90", "xchg ax, ax"),
            e("0f 1f 00", "nopl [rax]"),
            e("0f 1f 40 00", "nopl 4"),
            e("0f 1f 44 00 00", "nopl 5"),
            e("66 0f 1f 44 00 00", "nopw 6"),
            e("0f 1f 80 00 00 00 00", "nopl 7"),
            e("0f 1f 84 00 00 00 00 00", "nopl 8"),
            e("66 0f 1f 84 00 00 00 00 00", "nopw 9"),
            e("66 2e 0f 1f 84 00 00 00 00 00", "cs nopw 10"),
            e("66 66 2e 0f 1f 84 00 00 00 00 00", "data16 cs nopw 11"),
            e("66 66 66 66 66 66 2e 0f 1f 84 00 00 00 00 00", "15-byte nop"),
            // control transfers
            e("c3", Kind.RET, "ret"),
            e("c2 08 00", Kind.RET, "ret imm16"),
            e("f3 c3", Kind.RET, "repz ret"),
            e("f2 c3", Kind.RET, "bnd ret"),
            e("e8 00 01 00 00", Kind.CALL_DIRECT, "call rel32"),
            e("ff d0", Kind.CALL_INDIRECT, "call rax"),
            e("ff 15 00 01 00 00", Kind.CALL_INDIRECT, "call [rip]"),
            e("3e ff d0", Kind.CALL_INDIRECT, "notrack call rax"),
            e("41 ff 54 24 08", Kind.CALL_INDIRECT, "call [r12+8]"),
            e("e9 00 01 00 00", Kind.JMP_DIRECT, "jmp rel32"),
            e("eb fe", Kind.JMP_DIRECT, "jmp rel8"),
            e("f2 e9 00 01 00 00", Kind.JMP_DIRECT, "bnd jmp rel32"),
            e("3e ff e0", Kind.JMP_INDIRECT, "notrack jmp rax"),
            e("f2 ff e0", Kind.JMP_INDIRECT, "bnd jmp rax"),
            e("ff 24 c5 00 10 00 00", Kind.JMP_INDIRECT, "jmp [rax*8+table]"),
            e("3e ff 24 c5 00 10 00 00", Kind.JMP_INDIRECT, "notrack jmp [rax*8+table]"),
            e("74 10", Kind.JCC, "je rel8"),
            e("0f 86 00 01 00 00", Kind.JCC, "jbe rel32"),
            e("e3 fe", Kind.JCC, "jrcxz"),
            e("e2 fe", Kind.JCC, "loop"),
            e("e0 fe", Kind.JCC, "loopne"),
            e("66 e9 01 02", Kind.JMP_DIRECT, "jmpw rel16"),
            e("66 0f 84 01 02", Kind.JCC, "je rel16"),
            e("66 48 e9 00 01 00 00", Kind.JMP_DIRECT, "REX.W wins over 66: jmp rel32"),
            e("0f 05", Kind.SYSCALL, "syscall"),
            e("cc", Kind.INT3, "int3"),
            e("f4", Kind.HLT, "hlt"),
            e("0f 0b", Kind.UD2, "ud2"),
            e("f3 0f 1e fa", Kind.ENDBR64, "endbr64"),
            e("c7 f8 00 01 00 00", "xbegin"),
            e("c6 f8 01", "xabort"));

    @Test
    void eachEntryIsOneInstructionOfItsLengthAndKind() {
        for (Entry entry : TABLE) {
            byte[] b = entry.bytes();
            Instruction i = X86Decoder.decode(ByteBuffer.wrap(b), 0, 0x1000);
            assertThat(i.length()).as(entry.what()).isEqualTo(b.length);
            assertThat(i.kind()).as(entry.what()).isEqualTo(entry.kind());
        }
    }

    @Test
    void boundariesEqualObjdump() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<Long> starts = new ArrayList<>();
        long base = 0x400000;
        for (Entry entry : TABLE) {
            starts.add(base + all.size());
            all.writeBytes(entry.bytes());
        }
        byte[] code = all.toByteArray();
        ObjdumpListing listing = BinaryObjdump.disassemble(code, base);
        List<Long> theirs = listing.lines().stream().map(ObjdumpListing.Line::address).collect(Collectors.toList());
        List<Long> ours = X86Decoder.sweep(ByteBuffer.wrap(code), 0, code.length, base).stream()
                .map(Instruction::address).collect(Collectors.toList());
        assertThat(theirs).as("objdump agrees with the table").isEqualTo(starts);
        assertThat(ours).isEqualTo(starts);
        assertThat(listing.lines()).noneMatch(l -> l.text().contains("(bad)"));
    }

    @Test
    void branchTargetsEqualObjdump() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Entry entry : TABLE) {
            all.writeBytes(entry.bytes());
        }
        byte[] code = all.toByteArray();
        long base = 0x401000;
        List<ObjdumpListing.Line> lines = BinaryObjdump.disassemble(code, base).lines();
        List<Instruction> ours = X86Decoder.sweep(ByteBuffer.wrap(code), 0, code.length, base);
        int checked = 0;
        for (int k = 0; k < ours.size(); k++) {
            Instruction i = ours.get(k);
            if (i.branchTarget().isPresent()) {
                assertThat(i.branchTarget()).as(lines.get(k).text()).hasValue(lines.get(k).directTarget());
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(10);
    }

    @Test
    void ripRelativeDisplacementIsLocated() {
        Instruction i = X86Decoder.decode(ByteBuffer.wrap(hex("81 3d 00 01 00 00 01 00 00 00")), 0, 0x1000);
        assertThat(i.ripRelative()).isTrue();
        assertThat(i.displacementOffset()).isEqualTo(2);
        assertThat(i.immediateSize()).isEqualTo(4);
        assertThat(i.ripTarget()).hasValue(0x1000 + 10 + 0x100);
        Instruction v = X86Decoder.decode(ByteBuffer.wrap(hex("62 f1 fe 48 6f 05 00 00 00 00")), 0, 0x1000);
        assertThat(v.displacementOffset()).isEqualTo(6);
        Instruction sib = X86Decoder.decode(ByteBuffer.wrap(hex("8b 04 25 00 10 00 00")), 0, 0);
        assertThat(sib.ripRelative()).as("SIB without base is absolute, not RIP-relative").isFalse();
        assertThat(sib.displacementOffset()).isEqualTo(-1);
    }

    @Test
    void nopsAreRecognised() {
        for (Entry entry : TABLE) {
            Instruction i = X86Decoder.decode(ByteBuffer.wrap(entry.bytes()), 0, 0);
            boolean expected = entry.what().contains("nop") || entry.what().equals("xchg ax, ax");
            assertThat(i.isNop()).as(entry.what()).isEqualTo(expected);
        }
        assertThat(X86Decoder.decode(ByteBuffer.wrap(hex("41 90")), 0, 0).isNop()).as("xchg eax, r8d").isFalse();
        assertThat(X86Decoder.decode(ByteBuffer.wrap(hex("f3 90")), 0, 0).isNop()).as("pause").isFalse();
    }
}
