package io.tinydbg.x86;

import static io.tinydbg.x86.testsupport.BinaryObjdump.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.testing.Fixtures;
import io.tinydbg.x86.testsupport.ObjdumpListing;
import io.tinydbg.x86.testsupport.TestElf;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Go's stack check, found by our decoder, against the instruction text objdump prints for every Go function. */
class GoStackCheckTest {
    private static final Pattern G_LOAD = Pattern.compile("^mov (r14|rcx),QWORD PTR fs:0xfffffffffffffff8$");
    private static final Pattern CMP = Pattern.compile("^cmp (rsp|r12),QWORD PTR \\[(r14|rcx)\\+0x(10|18)\\]$");
    private static final Pattern LEA = Pattern.compile("^lea r12,\\[rsp-0x([0-9a-f]+)\\]$");
    private static final Pattern SUB = Pattern.compile("^sub r12,0x([0-9a-f]+)$");
    private static final Pattern JUMP = Pattern.compile("^(jbe|jb) ([0-9a-f]+) <.*>$");

    /** What objdump's text says the check is: frame offset, slow path, the address after it. */
    private record Expected(long frameOffset, long slowPath, long after, boolean jbe, int guardOffset) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"gosample", "gosample-nl"})
    void everyGoFunctionMatchesObjdumpsText(String name) {
        TestElf elf = TestElf.open(Fixtures.path(name));
        TestElf.Section text = elf.section(".text").orElseThrow();
        ByteBuffer bytes = elf.bytes(text);
        List<ObjdumpListing.Line> all = ObjdumpListing.intel(elf.path(), ".text").lines();
        int matched = 0;
        int without = 0;
        int index = 0;
        for (TestElf.Function f : elf.functions(text).stream()
                .sorted(java.util.Comparator.comparingLong(TestElf.Function::address)).toList()) {
            while (index < all.size() && all.get(index).address() < f.address()) {
                index++;
            }
            int from = index;
            int to = from;
            while (to < all.size() && all.get(to).address() < f.address() + f.size()) {
                to++;
            }
            List<ObjdumpListing.Line> lines = all.subList(from, to);
            Optional<Expected> expected = expected(lines);
            Optional<GoStackCheck> ours = GoStackCheck.match(bytes, (int) (f.address() - text.address()),
                    (int) f.size(), f.address());
            assertThat(ours.isPresent()).as(f.name()).isEqualTo(expected.isPresent());
            if (expected.isEmpty()) {
                without++;
                continue;
            }
            matched++;
            GoStackCheck c = ours.get();
            Expected e = expected.get();
            assertThat(c.frameOffset()).as(f.name()).isEqualTo(e.frameOffset());
            assertThat(c.slowPath()).as(f.name()).isEqualTo(e.slowPath());
            assertThat(c.afterCheck()).as(f.name()).isEqualTo(e.after());
            assertThat(c.belowOrEqual()).isEqualTo(e.jbe());
            assertThat(c.guardOffset()).as("stackguard0 or, for cgo callbacks, stackguard1").isEqualTo(e.guardOffset());
            assertThat(Prologue.of(bytes, (int) (f.address() - text.address()), (int) f.size(), f.address())
                    .goStackCheck()).contains(c);
            // The slow path calls runtime.morestack*: objdump's first call at or after it names it.
            lines.stream().filter(l -> l.address() >= e.slowPath() && l.mnemonic().equals("call")).findFirst()
                    .filter(l -> l.text().contains("morestack"))
                    .ifPresent(l -> assertThat(c.morestackCall()).as(f.name()).hasValue(l.directTarget()));
        }
        assertThat(matched).isGreaterThan(300);
        assertThat(without).isGreaterThan(50);
    }

    private static Optional<Expected> expected(List<ObjdumpListing.Line> lines) {
        int n = 0;
        if (n < lines.size() && G_LOAD.matcher(norm(lines.get(n))).matches()) {
            n++;
        }
        long frame = 0;
        if (n < lines.size()) {
            Matcher lea = LEA.matcher(norm(lines.get(n)));
            if (lea.matches()) {
                frame = -Long.parseLong(lea.group(1), 16);
                n++;
            } else if (norm(lines.get(n)).equals("mov r12,rsp") && n + 2 < lines.size()) {
                Matcher sub = SUB.matcher(norm(lines.get(n + 1)));
                if (!sub.matches() || !norm(lines.get(n + 2)).startsWith("jb ")) {
                    return Optional.empty();
                }
                frame = -Long.parseLong(sub.group(1), 16);
                n += 3;
            }
        }
        if (n + 1 >= lines.size()) {
            return Optional.empty();
        }
        Matcher cmp = CMP.matcher(norm(lines.get(n)));
        Matcher jump = JUMP.matcher(norm(lines.get(n + 1)));
        if (!cmp.matches() || !jump.matches() || cmp.group(1).equals("r12") != (frame != 0)) {
            return Optional.empty();
        }
        long after = n + 2 < lines.size() ? lines.get(n + 2).address() : -1;
        return Optional.of(new Expected(frame, Long.parseLong(jump.group(2), 16), after, jump.group(1).equals("jbe"),
                Integer.parseInt(cmp.group(3), 16)));
    }

    private static String norm(ObjdumpListing.Line l) {
        return l.text().trim().replaceAll("\\s+", " ");
    }

    @Test
    void recognisesThePreRegisterAbiFormAndEmulatesIt() {
        // mov rcx, fs:[-8]; cmp rsp, [rcx+0x10]; jbe +8; sub rsp, 0x18; ret; (slow path:) call rel32; jmp entry
        byte[] code = hex("64 48 8b 0c 25 f8 ff ff ff 48 3b 61 10 76 05 48 83 ec 18 c3 e8 00 01 00 00 eb e6");
        GoStackCheck c = GoStackCheck.match(ByteBuffer.wrap(code), 0x1000).orElseThrow();
        assertThat(c.guardBase()).isEqualTo(1);
        assertThat(c.comparedRegister()).isEqualTo(4);
        assertThat(c.instructions()).hasSize(3);
        assertThat(c.afterCheck()).isEqualTo(0x100f);
        assertThat(c.slowPath()).isEqualTo(0x1014);
        assertThat(c.morestackCall()).hasValue(0x1019 + 0x100);
        assertThat(c.takesSlowPath(0x7000, 0x7000)).as("jbe: equal takes the slow path").isTrue();
        assertThat(c.takesSlowPath(0x7008, 0x7000)).isFalse();
        Prologue p = Prologue.of(ByteBuffer.wrap(code), 0, code.length, 0x1000);
        assertThat(p.steps()).extracting(Prologue.Step::action).containsExactly(Prologue.Action.SUB_RSP_IMM);
        assertThat(p.steps().get(0).immediate()).isEqualTo(0x18);
        assertThat(p.end()).isEqualTo(0x1013);
    }

    @Test
    void largeFrameFormsCompareRspMinusTheFrame() {
        // lea r12, [rsp-0x1c8]; cmp r12, [r14+0x10]; jbe
        byte[] lea = hex("4c 8d a4 24 38 fe ff ff 4d 3b 66 10 0f 86 00 00 00 00 c3");
        GoStackCheck c = GoStackCheck.match(ByteBuffer.wrap(lea), 0).orElseThrow();
        assertThat(c.frameOffset()).isEqualTo(-0x1c8);
        assertThat(c.takesSlowPath(0x2000 + 0x1c8, 0x2000)).isTrue();
        assertThat(c.takesSlowPath(0x2001 + 0x1c8, 0x2000)).isFalse();
        // mov r12, rsp; sub r12, 0x1fa8; jb; cmp r12, [r14+0x10]; jbe
        byte[] huge = hex("49 89 e4 49 81 ec a8 1f 00 00 72 06 4d 3b 66 10 76 00 c3");
        GoStackCheck h = GoStackCheck.match(ByteBuffer.wrap(huge), 0).orElseThrow();
        assertThat(h.frameOffset()).isEqualTo(-0x1fa8);
        assertThat(h.takesSlowPath(0x100, 0)).as("rsp below the frame size wraps: jb").isTrue();
        assertThat(GoStackCheck.match(ByteBuffer.wrap(hex("49 3b 66 10 75 00")), 0)).as("jne is no check").isEmpty();
        assertThat(GoStackCheck.match(ByteBuffer.wrap(hex("49 3b 66")), 0)).as("truncated").isEmpty();
    }
}
