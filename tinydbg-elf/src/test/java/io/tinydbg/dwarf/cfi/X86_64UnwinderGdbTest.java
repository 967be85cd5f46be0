package io.tinydbg.dwarf.cfi;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.TinydbgException;
import io.tinydbg.dwarf.cfi.testsupport.TestElfSections;
import io.tinydbg.dwarf.expr.X86_64Registers;
import io.tinydbg.testing.Fixtures;
import io.tinydbg.testing.Oracle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unwinds a real stack: gdb stops the fixture in {@code leaf}, prints the registers of every frame it unwinds
 * (pc, rsp and the callee-saved registers) and dumps the stack; our unwinder starts from gdb's innermost registers
 * and that dump and must find the same callers with the same registers.
 */
class X86_64UnwinderGdbTest {
    private static final String[] REGS = {"rsp", "rbx", "rbp", "r12", "r13", "r14", "r15"};
    private static final String SCRIPT = """
            import gdb
            gdb.execute("set startup-with-shell off")
            gdb.execute("set backtrace past-main on")
            gdb.execute("break leaf")
            gdb.execute("run")
            regs = ["rsp", "rbx", "rbp", "r12", "r13", "r14", "r15"]
            f = gdb.newest_frame()
            i = 0
            while f is not None:
                cells = []
                for r in regs:
                    try:
                        cells.append("%s=%x" % (r, int(f.read_register(r)) & 0xffffffffffffffff))
                    except Exception:
                        cells.append("%s=?" % r)
                print("FRAME %d %x %s" % (i, f.pc(), " ".join(cells)))
                f = f.older()
                i += 1
            rsp = int(gdb.newest_frame().read_register("rsp"))
            maps = gdb.execute("info proc mappings", to_string=True)
            print(maps)
            end = [l for l in maps.splitlines() if "[stack]" in l][0].split()[1]
            print("STACK %x" % rsp)
            gdb.execute("dump binary memory %s 0x%x %s" % (DUMP, rsp, end))
            gdb.execute("kill")
            """;
    private static final Pattern FRAME = Pattern.compile("^FRAME (\\d+) ([0-9a-f]+) (.*)$", Pattern.MULTILINE);
    private static final Pattern MAPPING = Pattern.compile(
            "^\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s+0x[0-9a-f]+\\s+0x([0-9a-f]+)\\s+\\S+\\s+(/\\S+)$",
            Pattern.MULTILINE);

    private record GdbFrame(long pc, Map<Integer, Long> registers) {
    }

    private record Module(long start, long end, FrameRules rules) {
    }

    private record Session(List<GdbFrame> frames, List<Module> modules, long stackStart, byte[] stack) {
        MemoryReader memory() {
            ByteBuffer b = ByteBuffer.wrap(stack).order(ByteOrder.LITTLE_ENDIAN);
            return address -> {
                long at = address - stackStart;
                if (at < 0 || at > stack.length - 8) {
                    throw new TinydbgException("unreadable 0x" + Long.toHexString(address));
                }
                return b.getLong((int) at);
            };
        }

        FrameRules rules() {
            return pc -> modules.stream().filter(m -> pc >= m.start() && pc < m.end()).findFirst()
                    .flatMap(m -> m.rules().rowAt(pc));
        }
    }

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"exprcfi-O0", "exprcfi-O2", "exprcfi-debugframe"})
    void callersAndRegistersMatchGdb(String fixture) throws IOException {
        Session s = runGdb(fixture);
        assertThat(s.frames()).as("gdb's frames").hasSizeGreaterThanOrEqualTo(5);
        GdbFrame innermost = s.frames().get(0);
        List<UnwoundFrame> ours = X86_64Unwinder.unwind(s.rules(), registerSet(innermost), s.memory(), 64);
        List<Long> expectedPcs = s.frames().stream().skip(1).map(GdbFrame::pc).toList();
        assertThat(ours).extracting(UnwoundFrame::pc).containsExactlyElementsOf(expectedPcs);
        for (int i = 0; i < ours.size(); i++) {
            for (Map.Entry<Integer, Long> reg : s.frames().get(i + 1).registers().entrySet()) {
                assertThat(ours.get(i).get(reg.getKey()))
                        .as("frame %d %s", i + 1, X86_64Registers.name(reg.getKey()))
                        .hasValue(reg.getValue());
            }
        }
    }

    @Test
    void framePointerChainWithoutCfi() throws IOException {
        Session s = runGdb("exprcfi-O0");
        FrameRules none = pc -> Optional.empty();
        List<UnwoundFrame> ours = X86_64Unwinder.unwind(none, registerSet(s.frames().get(0)), s.memory(), 64);
        // Every frame of the -O0 binary keeps rbp as frame pointer, so the chain is right up to main's caller.
        int mainCaller = 0;
        while (s.frames().get(mainCaller + 1).pc() < 0x7f0000000000L) {
            mainCaller++;
        }
        assertThat(ours.size()).isGreaterThanOrEqualTo(mainCaller);
        for (int i = 0; i < mainCaller; i++) {
            assertThat(ours.get(i).pc()).isEqualTo(s.frames().get(i + 1).pc());
            assertThat(ours.get(i).viaFramePointer()).isTrue();
            assertThat(ours.get(i).cfa()).isEqualTo(s.frames().get(i + 1).registers().get(X86_64Registers.RSP));
        }
    }

    private static RegisterSet registerSet(GdbFrame f) {
        Map<Integer, Long> regs = new HashMap<>(f.registers());
        regs.put(X86_64Registers.RIP, f.pc());
        return r -> regs.containsKey(r) ? OptionalLong.of(regs.get(r)) : OptionalLong.empty();
    }

    private Session runGdb(String fixture) throws IOException {
        Path binary = Fixtures.path(fixture);
        Path dump = tmp.resolve("stack.bin");
        Path script = tmp.resolve("unwind.py");
        Files.writeString(script, SCRIPT.replace("DUMP", "'" + dump + "'"));
        String out = Oracle.run("gdb", "-batch", "-nx", "-x", script.toString(), binary.toString());
        List<GdbFrame> frames = new ArrayList<>();
        Matcher m = FRAME.matcher(out);
        while (m.find()) {
            Map<Integer, Long> regs = new LinkedHashMap<>();
            for (String cell : m.group(3).split(" ")) {
                String[] kv = cell.split("=");
                if (!kv[1].equals("?")) {
                    regs.put(X86_64Registers.number(kv[0]), Long.parseUnsignedLong(kv[1], 16));
                }
            }
            frames.add(new GdbFrame(Long.parseUnsignedLong(m.group(2), 16), regs));
        }
        Map<String, long[]> ranges = new LinkedHashMap<>();
        Matcher mm = MAPPING.matcher(out);
        while (mm.find()) {
            long start = Long.parseUnsignedLong(mm.group(1), 16);
            long end = Long.parseUnsignedLong(mm.group(2), 16);
            long[] r = ranges.computeIfAbsent(mm.group(4), k -> new long[] {Long.MAX_VALUE, 0, -1});
            r[0] = Math.min(r[0], start);
            r[1] = Math.max(r[1], end);
            if (Long.parseUnsignedLong(mm.group(3), 16) == 0 && r[2] < 0) {
                r[2] = start;
            }
        }
        List<Module> modules = new ArrayList<>();
        for (Map.Entry<String, long[]> e : ranges.entrySet()) {
            Path file = Path.of(e.getKey());
            long bias = e.getValue()[2] - firstLoadAddress(file);
            FrameRules table = CallFrameTable.of(TestElfSections.open(file));
            modules.add(new Module(e.getValue()[0], e.getValue()[1], bias == 0 ? table : table.withBias(bias)));
        }
        Matcher sm = Pattern.compile("^STACK ([0-9a-f]+)$", Pattern.MULTILINE).matcher(out);
        assertThat(sm.find()).as("gdb output:\n" + out).isTrue();
        return new Session(frames, modules, Long.parseUnsignedLong(sm.group(1), 16), Files.readAllBytes(dump));
    }

    /** The page-aligned address of the first PT_LOAD segment, as readelf prints it. */
    private static long firstLoadAddress(Path file) {
        Matcher m = Pattern.compile("^\\s+LOAD\\s+0x[0-9a-f]+ 0x([0-9a-f]+)", Pattern.MULTILINE)
                .matcher(Oracle.run("readelf", "-lW", file.toString()));
        assertThat(m.find()).isTrue();
        return Long.parseUnsignedLong(m.group(1), 16) & ~0xfffL;
    }
}
