package io.tinydbg.dwarf.cfi;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.TinydbgException;
import io.tinydbg.dwarf.cfi.testsupport.TestElfSections;
import io.tinydbg.dwarf.expr.EvaluationContext;
import io.tinydbg.dwarf.expr.EvaluationException;
import io.tinydbg.dwarf.expr.Expression;
import io.tinydbg.dwarf.expr.ExpressionEvaluator;
import io.tinydbg.dwarf.expr.ExpressionReadelfTestAccess;
import io.tinydbg.dwarf.expr.Location;
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
                try:
                    for sym in f.block():
                        if sym.is_argument:
                            v = sym.value(f)
                            print("ARG %d %s %s %d %s" % (i, f.name(), sym.name, v.type.sizeof, str(v)))
                except Exception:
                    pass
                f = f.older()
                i += 1
            rsp = int(gdb.newest_frame().read_register("rsp")) - 256  # a leaf's locals sit in the red zone
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

    /** An argument value gdb printed: frame index, function, name, byte size, value. */
    private record GdbArgument(int frame, String function, String name, int size, long value) {
    }

    private record Module(long start, long end, FrameRules rules) {
    }

    private record Session(List<GdbFrame> frames, List<GdbArgument> arguments, List<Module> modules,
            long stackStart, byte[] stack) {
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

    /**
     * Evaluates each integer argument's DW_AT_location (from readelf) in its frame, with the frame base from the
     * function's DW_AT_frame_base and the CFA and registers from our unwinder, and reads it from the stack dump.
     */
    @Test
    void argumentLocationsEvaluateToGdbsValues() throws IOException {
        Session s = runGdb("exprcfi-O0");
        Map<String, byte[]> frameBases = new HashMap<>();
        Map<String, byte[]> locations = new HashMap<>();
        readLocations(Fixtures.path("exprcfi-O0"), frameBases, locations);
        List<UnwoundFrame> ours = X86_64Unwinder.unwind(s.rules(), registerSet(s.frames().get(0)), s.memory(), 64);
        MemoryReader memory = s.memory();
        int checked = 0;
        for (GdbArgument arg : s.arguments()) {
            byte[] location = locations.get(arg.function() + "/" + arg.name());
            if (location == null) {
                continue; // main's argc/argv are compared like the others; library frames have no DWARF here
            }
            RegisterSet regs = arg.frame() == 0 ? registerSet(s.frames().get(0)) : ours.get(arg.frame() - 1);
            long cfa = ours.get(arg.frame()).cfa();
            EvaluationContext ctx = new EvaluationContext() {
                @Override
                public long register(int r) {
                    return regs.get(r).orElseThrow(() -> new EvaluationException("no " + r));
                }

                @Override
                public byte[] readMemory(long address, int length) {
                    byte[] out = new byte[length];
                    for (int i = 0; i < length; i++) {
                        out[i] = (byte) (memory.readLong(address + i) & 0xff);
                    }
                    return out;
                }

                @Override
                public long frameBase() {
                    return ExpressionEvaluator.value(
                            Expression.parse(frameBases.get(arg.function()), 8, 4), this);
                }

                @Override
                public long cfa() {
                    return cfa;
                }

                @Override
                public long pc() {
                    return regs.get(X86_64Registers.RIP).orElseThrow();
                }
            };
            Location where = ExpressionEvaluator.location(
                    Expression.parse(location, 8, 4), ctx);
            assertThat(where).isInstanceOf(Location.InMemory.class);
            byte[] bytes = ctx.readMemory(((Location.InMemory) where).address(), arg.size());
            long value = 0;
            for (int i = bytes.length - 1; i >= 0; i--) {
                value = value << 8 | (bytes[i] & 0xff);
            }
            if (arg.size() < 8) {
                value = value << (64 - 8 * arg.size()) >> (64 - 8 * arg.size());
            }
            assertThat(value).as("%s in frame %d (%s)", arg.name(), arg.frame(), arg.function())
                    .isEqualTo(arg.value());
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(8);
    }

    /** DW_AT_frame_base of each function and DW_AT_location of each parameter ("fn/param"), from readelf. */
    private static void readLocations(Path binary, Map<String, byte[]> frameBases, Map<String, byte[]> locations) {
        Pattern die = Pattern.compile("^ <(\\d+)><[0-9a-f]+>: Abbrev Number: \\d+ \\((DW_TAG_\\w+)\\)");
        Pattern name = Pattern.compile("DW_AT_name\\s+: (?:\\(indirect string[^)]*\\): )?(\\S+)\\s*$");
        Pattern block = Pattern.compile("(DW_AT_location|DW_AT_frame_base)\\s+: \\d+ byte block: ((?:[0-9a-f]+ )+)");
        String function = null;
        String param = null;
        boolean inParam = false;
        for (String line : Oracle.run("readelf", "--debug-dump=info", binary.toString()).split("\n")) {
            Matcher m;
            if ((m = die.matcher(line)).find()) {
                int depth = Integer.parseInt(m.group(1));
                boolean subprogram = depth == 1 && m.group(2).equals("DW_TAG_subprogram");
                inParam = depth == 2 && m.group(2).equals("DW_TAG_formal_parameter") && function != null;
                if (depth <= 1) {
                    function = null;
                }
                if (subprogram) {
                    function = "";
                }
                param = null;
            } else if ((m = name.matcher(line)).find()) {
                if (inParam) {
                    param = m.group(1);
                } else if ("".equals(function)) {
                    function = m.group(1);
                }
            } else if ((m = block.matcher(line)).find()) {
                byte[] bytes = ExpressionReadelfTestAccess.hexBytes(m.group(2));
                if (m.group(1).equals("DW_AT_frame_base") && function != null) {
                    frameBases.put(function, bytes);
                } else if (inParam && param != null) {
                    locations.put(function + "/" + param, bytes);
                }
            }
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
        List<GdbArgument> arguments = new ArrayList<>();
        Matcher am = Pattern.compile("^ARG (\\d+) (\\S+) (\\S+) (\\d+) (-?\\d+)$", Pattern.MULTILINE).matcher(out);
        while (am.find()) {
            arguments.add(new GdbArgument(Integer.parseInt(am.group(1)), am.group(2), am.group(3),
                    Integer.parseInt(am.group(4)), Long.parseLong(am.group(5))));
        }
        return new Session(frames, arguments, modules, Long.parseUnsignedLong(sm.group(1), 16),
                Files.readAllBytes(dump));
    }

    /** The page-aligned address of the first PT_LOAD segment, as readelf prints it. */
    private static long firstLoadAddress(Path file) {
        Matcher m = Pattern.compile("^\\s+LOAD\\s+0x[0-9a-f]+ 0x([0-9a-f]+)", Pattern.MULTILINE)
                .matcher(Oracle.run("readelf", "-lW", file.toString()));
        assertThat(m.find()).isTrue();
        return Long.parseUnsignedLong(m.group(1), 16) & ~0xfffL;
    }
}
