package io.tinydbg.x86;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.testing.Fixtures;
import io.tinydbg.x86.Prologue.Action;
import io.tinydbg.x86.testsupport.ObjdumpListing;
import io.tinydbg.x86.testsupport.Sweeps;
import io.tinydbg.x86.testsupport.TestElf;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Prologue classification against objdump's Intel-syntax text: every instruction of a whole .text is classified
 * the same way from our bytes and from objdump's mnemonic and operands; then each function's leading steps.
 */
class PrologueTest {
    private static final Pattern RSP_IMM = Pattern.compile("^(sub|add)\\s+rsp,0x([0-9a-f]+)$");

    @ParameterizedTest
    @ValueSource(strings = {"sample-O0", "sample-O2", "shapes-O0", "shapes-O2", "gosample", "rsample-v0", "x86-cet-O2",
            "/lib/x86_64-linux-gnu/libc.so.6"})
    void everyInstructionIsClassifiedAsObjdumpPrintsIt(String name) {
        Path file = name.startsWith("/") ? Path.of(name) : Fixtures.path(name);
        TestElf elf = TestElf.open(file);
        TestElf.Section text = elf.section(".text").orElseThrow();
        ObjdumpListing listing = ObjdumpListing.intel(file, ".text");
        Map<Long, ObjdumpListing.Line> byAddress = new HashMap<>();
        listing.lines().forEach(l -> byAddress.put(l.address(), l));

        Map<Action, Integer> counts = new EnumMap<>(Action.class);
        List<String> diffs = new ArrayList<>();
        for (Instruction i : Sweeps.ours(elf.bytes(text), text.address(), listing)) {
            ObjdumpListing.Line line = byAddress.get(i.address());
            Action expected = expected(line);
            Action actual = Prologue.classify(i);
            counts.merge(actual, 1, Integer::sum);
            if (expected != actual && diffs.size() < 20) {
                diffs.add(i + " ours " + actual + ", objdump '" + line.text() + "'");
            }
            if (actual == Action.SUB_RSP_IMM || actual == Action.ADD_RSP_IMM) {
                Matcher m = RSP_IMM.matcher(line.text().trim());
                assertThat(m.matches()).isTrue();
                assertThat(Prologue.stackAdjustment(i)).as(line.text())
                        .isEqualTo(Long.parseUnsignedLong(m.group(2), 16));
            }
        }
        assertThat(diffs).isEmpty();
        assertThat(counts.getOrDefault(Action.SUB_RSP_IMM, 0)).isGreaterThan(0);
        assertThat(counts.getOrDefault(Action.NOP, 0) + counts.getOrDefault(Action.PUSH_RBP, 0)).isGreaterThan(0);
    }

    private static Action expected(ObjdumpListing.Line line) {
        String t = line.text().trim().replaceAll("\\s+", " ");
        String m = line.mnemonic();
        if (m.equals("endbr64")) {
            return Action.ENDBR64;
        }
        if (m.equals("nop") || t.equals("xchg ax,ax")) {
            return Action.NOP;
        }
        if (t.equals("push rbp")) {
            return Action.PUSH_RBP;
        }
        if (t.equals("mov rbp,rsp")) {
            return Action.MOV_RBP_RSP;
        }
        Matcher r = RSP_IMM.matcher(t);
        if (r.matches()) {
            return r.group(1).equals("sub") ? Action.SUB_RSP_IMM : Action.ADD_RSP_IMM;
        }
        return Action.OTHER;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sample-O0", "shapes-O0", "x86-cet-O0"})
    void framePointerFunctionsStartWithTheClassicPrologue(String name) {
        TestElf elf = TestElf.open(Fixtures.path(name));
        TestElf.Section text = elf.section(".text").orElseThrow();
        ByteBuffer bytes = elf.bytes(text);
        ObjdumpListing listing = ObjdumpListing.intel(elf.path(), ".text");
        int checked = 0;
        for (TestElf.Function f : elf.functions(text)) {
            Prologue p = Prologue.of(bytes, (int) (f.address() - text.address()), (int) f.size(), f.address());
            List<ObjdumpListing.Line> lines = listing.lines().stream()
                    .filter(l -> l.address() >= f.address() && l.address() < f.address() + f.size()).toList();
            assertThat(p.goStackCheck()).isEmpty();
            // The steps are exactly objdump's leading lines that classify as prologue instructions.
            int n = 0;
            while (n < lines.size() && n < Prologue.MAX_STEPS && expected(lines.get(n)) != Action.OTHER) {
                assertThat(p.steps().get(n).action()).isEqualTo(expected(lines.get(n)));
                assertThat(p.steps().get(n).instruction().address()).isEqualTo(lines.get(n).address());
                n++;
            }
            assertThat(p.steps()).as(f.name()).hasSize(n);
            assertThat(p.end()).isEqualTo(n < lines.size() ? lines.get(n).address() : f.address() + f.size());
            if (lines.get(0).text().equals("push   rbp")) {
                assertThat(p.steps()).extracting(Prologue.Step::action)
                        .startsWith(Action.PUSH_RBP, Action.MOV_RBP_RSP);
                checked++;
            } else if (lines.get(0).text().equals("endbr64") && lines.get(1).text().equals("push   rbp")) {
                assertThat(p.steps()).extracting(Prologue.Step::action)
                        .startsWith(Action.ENDBR64, Action.PUSH_RBP, Action.MOV_RBP_RSP);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(3);
    }
}
