package io.tinydbg.x86;

import static io.tinydbg.x86.testsupport.BinaryObjdump.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tinydbg.x86.testsupport.BinaryObjdump;
import io.tinydbg.x86.testsupport.ObjdumpListing;
import io.tinydbg.x86.testsupport.TestElf;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Instructions re-encoded for another address must still reach the same absolute addresses: objdump
 * disassembles the originals and the relocated copies, and the targets it prints must be equal.
 */
class RelocationTest {
    private static final Pattern COMMENT = Pattern.compile("#\\s*(?:0x)?([0-9a-f]+)");

    /** The absolute address objdump shows for a line: a RIP-relative comment, else a branch target; -1 if none. */
    private static long absolute(ObjdumpListing.Line l) {
        Matcher m = COMMENT.matcher(l.text());
        if (m.find()) {
            return Long.parseUnsignedLong(m.group(1), 16);
        }
        return l.directTarget();
    }

    @Test
    void synthetic() {
        List<String> table = List.of(
                "48 8b 05 00 01 00 00",              // mov rax, [rip+0x100]
                "48 8d 3d f0 ff ff ff",              // lea rdi, [rip-0x10]
                "81 3d 00 01 00 00 01 00 00 00",     // cmp dword [rip], imm32 (immediate after disp)
                "c5 fd 6f 05 00 02 00 00",           // vmovdqa ymm0, [rip+0x200]
                "62 f1 fe 48 6f 05 00 03 00 00",     // vmovdqu64 zmm0, [rip+0x300]
                "66 0f 3a 63 05 00 01 00 00 0c",     // pcmpistri [rip], imm8
                "ff 15 00 04 00 00",                 // call [rip+0x400]
                "3e ff 25 00 04 00 00",              // notrack jmp [rip+0x400]
                "e8 00 10 00 00",                    // call rel32
                "e9 00 f0 ff ff",                    // jmp rel32 backwards
                "0f 84 00 01 00 00",                 // je rel32
                "f2 e9 00 01 00 00");                // bnd jmp rel32
        long from = 0x401000;
        long to = 0x7f12_3450_0000L - 0x7f12_0000_0000L + from; // ~0x3450_0000 away: within ±2 GiB
        ByteArrayOutputStream original = new ByteArrayOutputStream();
        ByteArrayOutputStream moved = new ByteArrayOutputStream();
        for (String h : table) {
            byte[] b = hex(h);
            Instruction i = X86Decoder.decode(ByteBuffer.wrap(b), 0, from + original.size());
            assertThat(i.ripRelative() || i.relativeSize() == 4).as(h).isTrue();
            moved.writeBytes(i.relocatedTo(to + original.size(), b));
            original.writeBytes(b);
        }
        List<ObjdumpListing.Line> before = BinaryObjdump.disassemble(original.toByteArray(), from).lines();
        List<ObjdumpListing.Line> after = BinaryObjdump.disassemble(moved.toByteArray(), to).lines();
        assertThat(after).hasSameSizeAs(before).hasSize(table.size());
        for (int k = 0; k < before.size(); k++) {
            assertThat(after.get(k).address() - to).isEqualTo(before.get(k).address() - from);
            assertThat(absolute(before.get(k))).as(before.get(k).text()).isPositive();
            assertThat(absolute(after.get(k))).as(after.get(k).text()).isEqualTo(absolute(before.get(k)));
            assertThat(after.get(k).mnemonic()).isEqualTo(before.get(k).mnemonic());
        }
    }

    @Test
    void libcInstructionsRelocatedOneGibibyteAway() {
        Path file = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
        TestElf elf = TestElf.open(file);
        TestElf.Section text = elf.section(".text").orElseThrow();
        ObjdumpListing listing = ObjdumpListing.of(file, ".text");
        Map<Long, ObjdumpListing.Line> byAddress = new HashMap<>();
        listing.lines().forEach(l -> byAddress.put(l.address(), l));

        long to = text.address() + 0x4000_0000L;
        ByteArrayOutputStream moved = new ByteArrayOutputStream();
        List<Long> originals = new ArrayList<>();
        int rip = 0;
        int branches = 0;
        for (Instruction i : io.tinydbg.x86.testsupport.Sweeps.ours(elf.bytes(text), text.address(), listing)) {
            boolean rel32 = i.relativeSize() == 4;
            if (!i.ripRelative() && !(rel32 && branches++ % 4 == 0) || originals.size() >= 8000) {
                continue;
            }
            rip += i.ripRelative() ? 1 : 0;
            originals.add(i.address());
            moved.writeBytes(i.relocatedTo(to + moved.size()));
        }
        assertThat(rip).isGreaterThan(500);
        List<ObjdumpListing.Line> after = BinaryObjdump.disassemble(moved.toByteArray(), to).lines();
        assertThat(after).hasSameSizeAs(originals);
        for (int k = 0; k < after.size(); k++) {
            ObjdumpListing.Line before = byAddress.get(originals.get(k));
            assertThat(absolute(before)).as(before.text()).isPositive();
            assertThat(absolute(after.get(k))).as(before.text() + " vs " + after.get(k).text())
                    .isEqualTo(absolute(before));
        }
    }

    @Test
    void outOfRangeAndShortBranchesAreRefused() {
        Instruction load = X86Decoder.decode(ByteBuffer.wrap(hex("48 8b 05 00 01 00 00")), 0, 0x1000);
        assertThat(load.ripTarget()).hasValue(0x1107);
        assertThat(load.relocatedDisplacement(0x2000)).isEqualTo(0x1107 - 0x2007);
        assertThatThrownBy(() -> load.relocatedTo(0x1000 + 0x9000_0000L)).isInstanceOf(RelocationException.class)
                .hasMessageContaining("0x1000");
        Instruction shortJump = X86Decoder.decode(ByteBuffer.wrap(hex("eb 10")), 0, 0x1000);
        assertThat(shortJump.relocatedTo(0x1010)).containsExactly(0xeb, 0x00);
        assertThatThrownBy(() -> shortJump.relocatedTo(0x9000)).isInstanceOf(RelocationException.class);
        Instruction plain = X86Decoder.decode(ByteBuffer.wrap(hex("48 89 e5")), 0, 0x1000);
        assertThat(plain.relocatedTo(0x7000_0000L)).containsExactly(0x48, 0x89, 0xe5);
        assertThatThrownBy(() -> plain.relocatedDisplacement(0)).isInstanceOf(RelocationException.class);
        Instruction eip = X86Decoder.decode(ByteBuffer.wrap(hex("67 8b 05 00 01 00 00")), 0, 0x1000);
        assertThat(eip.ripRelative()).isTrue();
        assertThatThrownBy(() -> eip.relocatedTo(0x2000)).isInstanceOf(RelocationException.class);
    }
}
