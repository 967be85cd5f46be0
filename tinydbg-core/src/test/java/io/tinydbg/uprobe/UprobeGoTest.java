package io.tinydbg.uprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.tinydbg.dwarf.Parameter;
import io.tinydbg.dwarf.types.DwarfType;
import io.tinydbg.dwarf.types.PointerType;
import io.tinydbg.dwarf.types.QualifiedType;
import io.tinydbg.dwarf.types.StructType;
import io.tinydbg.dwarf.types.Typedef;
import io.tinydbg.index.FunctionIndex;
import io.tinydbg.index.FunctionInfo;
import io.tinydbg.index.FunctionPattern;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The g fields of Go probes, on the gowork fixture (built with the register ABI, so g is in r14): the main
 * goroutine's id and stack bound in main.work, and on the system stack (runtime.newstack, which runs on m.g0 while
 * main.deep grows its stack) the id resolved through m.curg. Field offsets come from the binary's DWARF.
 */
class UprobeGoTest {
    private static final int RAX = 10;
    private static final int RBX = 5;

    private record GHit(int probeId, long rax, long rbx, long rsp, boolean gOk, long rawGoid, long stackHi,
                        long goroutine, boolean windowOk) {
    }

    @BeforeAll
    static void uprobesWork() {
        UprobeSupport.unavailableReason().ifPresent(r -> fail("uprobe recording unavailable: " + r));
    }

    @Test
    void goroutineIdsAndStackBoundComeFromGAndFromMCurgOnTheSystemStack() throws Exception {
        Path bin = Path.of(System.getProperty("tinydbg.fixtures"), "gowork");
        assertThat(bin).as("gowork, built by src/test/fixtures/build.sh where go is installed").isRegularFile();
        long[] layout = layout(bin);
        int n = 5;
        // The shell waits for a line, then execs gowork in its own process: the probes are in before it starts.
        Process p = new ProcessBuilder("sh", "-c", "read x && exec \"$0\" \"$@\"", bin.toString(),
                Integer.toString(n), "deep").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<GHit> hits = new ArrayList<>();
        try (UprobeRecorder rec = UprobeRecorder.open(1 << 20, 1 << 20)) {
            int pid = (int) p.pid();
            for (int id = 1; id <= 2; id++) {
                long vaddr = UprobeTarget.symbolIn(bin, id == 1 ? "main.work" : "runtime.newstack");
                rec.addProbe(bin, UprobeAddress.fileOffset(bin, vaddr),
                        new ProbeSpec(id, pid, 0, 8, layout[0], layout[1], layout[2], layout[3]));
            }
            p.getOutputStream().write('\n');
            p.getOutputStream().flush();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).isZero();
            assertThat(out).startsWith("45\n");
            rec.drain(r -> hits.add(new GHit(r.probeId(), r.register(RAX), r.register(RBX),
                    r.register(UprobeRecord.RSP), r.goroutineReadOk(), r.rawGoid(), r.stackHi(), r.goroutineId(),
                    r.stackWindowOk())));
            assertThat(rec.lost()).isZero();
        } finally {
            p.destroyForcibly();
        }
        List<GHit> work = hits.stream().filter(h -> h.probeId() == 1).toList();
        assertThat(work).extracting(GHit::rax).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(work).extracting(GHit::rbx).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(work).allSatisfy(h -> {
            assertThat(h.gOk()).isTrue();
            assertThat(h.windowOk()).isTrue();
            assertThat(h.rawGoid()).isEqualTo(1); // main.main runs on goroutine 1
            assertThat(h.goroutine()).isEqualTo(1);
            assertThat(h.rsp()).isLessThan(h.stackHi());
        });
        List<GHit> grows = hits.stream().filter(h -> h.probeId() == 2).toList();
        assertThat(grows).as("main.deep's 200 KiB of frames grow the stack").isNotEmpty();
        assertThat(grows).allSatisfy(h -> {
            assertThat(h.gOk()).isTrue();
            assertThat(h.rawGoid()).as("on g0").isZero();
            assertThat(h.goroutine()).as("m.curg's id").isPositive();
            assertThat(h.rsp()).isLessThan(h.stackHi());
        });
        assertThat(grows).extracting(GHit::goroutine).contains(1L);
    }

    /** {goid in g, m in g, g0 in m, curg in m}, from the DWARF type of runtime.casgstatus's *runtime.g parameter. */
    private static long[] layout(Path bin) {
        try (FunctionIndex index = FunctionIndex.open(bin)) {
            FunctionInfo f = index.match(FunctionPattern.compile("^runtime\\.casgstatus$")).get(0);
            for (Parameter param : index.dwarfFunction(f.entry()).orElseThrow().parameters()) {
                StructType g = pointee(param.type(), "runtime.g");
                if (g != null) {
                    StructType m = pointee(member(g, "m").type(), "runtime.m");
                    return new long[] {member(g, "goid").offset(), member(g, "m").offset(),
                        member(m, "g0").offset(), member(m, "curg").offset()};
                }
            }
        }
        throw new AssertionError("no *runtime.g parameter in runtime.casgstatus");
    }

    private static StructType pointee(DwarfType t, String name) {
        if (t instanceof PointerType p && p.target().isPresent()) {
            DwarfType target = p.target().get();
            while (target instanceof Typedef td && td.target().isPresent()
                    || target instanceof QualifiedType q && q.target().isPresent()) {
                target = target instanceof Typedef td ? td.target().get() : ((QualifiedType) target).target().get();
            }
            if (target instanceof StructType s && s.declaredName().equals(name)) {
                return s;
            }
        }
        return null;
    }

    private static StructType.Member member(StructType s, String name) {
        return s.members().stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(s.declaredName() + " has no " + name));
    }
}
