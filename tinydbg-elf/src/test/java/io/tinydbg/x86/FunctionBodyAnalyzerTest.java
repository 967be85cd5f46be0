package io.tinydbg.x86;

import static io.tinydbg.x86.testsupport.BinaryObjdump.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.testing.Fixtures;
import io.tinydbg.x86.testsupport.ObjdumpListing;
import io.tinydbg.x86.testsupport.TestElf;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Per-function return sites, calls and exits, compared with objdump's lines inside each function's range. */
class FunctionBodyAnalyzerTest {

    @ParameterizedTest
    @ValueSource(strings = {"sample-O0", "sample-O2", "shapes-O2", "x86-cet-O2", "gosample", "rsample-v0",
            "/lib/x86_64-linux-gnu/libc.so.6"})
    void sitesEqualObjdumpPerFunction(String name) {
        Path file = name.startsWith("/") ? Path.of(name) : Fixtures.path(name);
        TestElf elf = TestElf.open(file);
        TestElf.Section text = elf.section(".text").orElseThrow();
        ByteBuffer bytes = elf.bytes(text);
        ObjdumpListing listing = ObjdumpListing.of(file, ".text");
        TreeSet<Long> restarts = new TreeSet<>();
        listing.blocks().forEach(b -> restarts.add(b.start()));
        TreeMap<Long, ObjdumpListing.Line> all = new TreeMap<>();
        listing.lines().forEach(l -> all.put(l.address(), l));

        int functions = 0;
        int exits = 0;
        for (TestElf.Function f : elf.functions(text)) {
            long end = f.address() + f.size();
            if (!restarts.contains(f.address())) {
                continue; // objdump did not restart here (an alias inside another symbol's sweep)
            }
            List<ObjdumpListing.Line> lines = new ArrayList<>(all.subMap(f.address(), end).values());
            if (!restarts.subSet(f.address() + 1, end).isEmpty()) {
                continue; // objdump restarted inside the function (another symbol or a zero run)
            }
            FunctionBody body = FunctionBodyAnalyzer.analyze(bytes, (int) (f.address() - text.address()),
                    (int) f.size(), f.address());
            List<Long> returns = new ArrayList<>();
            List<String> direct = new ArrayList<>();
            List<Long> indirectCalls = new ArrayList<>();
            List<Long> indirectJumps = new ArrayList<>();
            List<String> leaving = new ArrayList<>();
            for (ObjdumpListing.Line l : lines) {
                String m = l.mnemonic();
                boolean star = l.operands().startsWith("*");
                if (m.equals("ret")) {
                    returns.add(l.address());
                } else if (m.equals("call")) {
                    if (star) {
                        indirectCalls.add(l.address());
                    } else {
                        direct.add(Long.toHexString(l.address()) + "->" + Long.toHexString(l.directTarget()));
                    }
                } else if (m.equals("jmp") && star) {
                    indirectJumps.add(l.address());
                } else if (m.startsWith("j") || m.startsWith("loop")) {
                    long t = l.directTarget();
                    if (t < f.address() || t >= end) {
                        leaving.add(Long.toHexString(l.address()) + "->" + Long.toHexString(t));
                    }
                }
            }
            assertThat(body.returns()).as(f.name()).isEqualTo(returns);
            assertThat(body.directCalls()).extracting(s -> Long.toHexString(s.address()) + "->"
                    + Long.toHexString(s.target().getAsLong())).as(f.name()).isEqualTo(direct);
            assertThat(body.indirectCalls()).extracting(BranchSite::address).as(f.name()).isEqualTo(indirectCalls);
            assertThat(body.indirectJumps()).extracting(BranchSite::address).as(f.name()).isEqualTo(indirectJumps);
            assertThat(body.exits()).extracting(s -> Long.toHexString(s.address()) + "->"
                    + Long.toHexString(s.target().getAsLong())).as(f.name()).isEqualTo(leaving);
            assertThat(body.invalidBytes()).isZero();
            functions++;
            exits += leaving.size();
        }
        assertThat(functions).isGreaterThan(5);
        if (!name.equals("sample-O0")) {
            assertThat(exits).as("tail calls and jumps to cold parts").isGreaterThan(0);
        }
    }

    @Test
    void dataInCodeDoesNotDerailTheSweep() {
        // push rbp; (bad bytes 06 07 = invalid in 64-bit mode); pop rbp; call +0; jmp outside; ret; int3 padding
        byte[] code = hex("55 06 07 5d e8 00 00 00 00 e9 00 10 00 00 c3 cc cc");
        FunctionBody body = FunctionBodyAnalyzer.analyze(ByteBuffer.wrap(code), 0, code.length, 0x2000);
        assertThat(body.invalidBytes()).isEqualTo(2);
        assertThat(body.returns()).containsExactly(0x200eL);
        assertThat(body.directCalls()).singleElement()
                .satisfies(s -> assertThat(s.target()).hasValue(0x2009L))
                .satisfies(s -> assertThat(s.next()).isEqualTo(0x2009L));
        assertThat(body.exits()).singleElement().satisfies(s -> assertThat(s.target()).hasValue(0x300eL));
        // A truncated instruction at the end only costs its own bytes.
        byte[] cut = hex("c3 48 b8 01 02");
        FunctionBody tail = FunctionBodyAnalyzer.analyze(ByteBuffer.wrap(cut), 0, cut.length, 0);
        assertThat(tail.returns()).containsExactly(0L);
        assertThat(tail.invalidBytes()).isEqualTo(2);
    }
}
