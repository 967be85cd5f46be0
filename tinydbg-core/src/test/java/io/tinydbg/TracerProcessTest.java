package io.tinydbg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tinydbg.sys.LibC;
import io.tinydbg.sys.Spawner;
import io.tinydbg.sys.WaitStatus;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Tracer API on multi-threaded and running processes. */
@Timeout(120)
class TracerProcessTest {
    @TempDir
    Path tmp;

    @Test
    void fourThreadsGiveEveryCallAndReturnWithTheirOwnThreadAndArguments() throws Exception {
        Path out = tmp.resolve("out");
        List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (TraceSession s = Tracer.exec(TracerTest.fixture("threads-O0"), "2500").functions("^traced$")
                .redirect(out, null).onHit(events::add).start()) {
            assertThat(s.awaitExit()).isZero();
            assertThat(s.stats().dropped()).isZero();
        }
        long calls = events.stream().filter(e -> e.kind() == TraceEvent.Kind.CALL).count();
        long returns = events.size() - calls;
        assertThat(calls).isEqualTo(10_000);
        assertThat(returns).isEqualTo(10_000);
        // each thread t calls traced(t, i): one thread id per t, and each result is t * 1000000 + i
        Map<Integer, Long> threadOf = new HashMap<>();
        for (TraceEvent e : events) {
            if (e.kind() == TraceEvent.Kind.CALL) {
                long t = Long.parseLong(e.args().get(0).text());
                assertThat(threadOf.computeIfAbsent(e.tid(), k -> t)).isEqualTo(t);
            } else {
                long r = Long.parseLong(e.results().get(0).text());
                assertThat(r / 1_000_000).isEqualTo(threadOf.get(e.tid()));
            }
        }
        assertThat(threadOf).hasSize(4);
        long checksum = 0;
        for (long t = 0; t < 4; t++) {
            for (long i = 0; i < 2500; i++) {
                checksum += t * 1_000_000 + i;
            }
        }
        assertThat(Files.readString(out).trim()).isEqualTo(Long.toString(checksum));
    }

    @Test
    void attachTraceAndCloseLeavesTheProcessRunningCorrectly() throws Exception {
        Path bin = TracerTest.fixture("waiter");
        try (FifoTarget target = FifoTarget.start(bin, tmp)) {
            int pid = target.pid();
            target.rounds(1);
            assertThat(target.readLine()).isEqualTo(Long.toString(checksum(1)));
            CountDownLatch returns = new CountDownLatch(1000);
            try (TraceSession s = Tracer.attach(pid).functions("^traced$").onHit(e -> {
                if (e.kind() == TraceEvent.Kind.RETURN) {
                    returns.countDown();
                }
            }).start()) {
                assertThat(s.pid()).isEqualTo(pid);
                assertThatThrownBy(() -> Tracer.attach(pid).functions("^traced$").start())
                        .isInstanceOf(TinydbgException.class);
                target.rounds(1);
                assertThat(target.readLine()).isEqualTo(Long.toString(checksum(2)));
                assertThat(returns.await(60, TimeUnit.SECONDS)).isTrue();
            }
            // detached: the target runs on untraced and exits normally at end of input
            target.rounds(1);
            assertThat(target.readLine()).isEqualTo(Long.toString(checksum(3)));
            target.assertExitsCleanly();
        }
    }

    /**
     * The program's file was deleted after it started (as a package upgrade does): the session reads it through
     * /proc/PID/exe, traces its calls with their arguments, names its frames in captured stacks, and detaches
     * cleanly.
     */
    @Test
    void attachingToAProgramWhoseFileWasDeletedReadsItThroughProc() throws Exception {
        Path bin = Files.copy(TracerTest.fixture("waiter"), tmp.resolve("waiter"));
        Path dir = Files.createDirectory(tmp.resolve("fifos"));
        try (FifoTarget target = FifoTarget.start(bin, dir)) {
            int pid = target.pid();
            target.rounds(1);
            assertThat(target.readLine()).isEqualTo(Long.toString(checksum(1)));
            Files.delete(bin);
            assertThat(Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe")).toString()).endsWith(" (deleted)");
            EventLog log = new EventLog(1000);
            List<TraceEvent> events = log.events;
            try (TraceSession s = Tracer.attach(pid).functions("^traced$").stack(2).onHit(log).start()) {
                target.rounds(1);
                assertThat(target.readLine()).isEqualTo(Long.toString(checksum(2)));
                assertThat(log.awaitReturns()).isTrue();
            }
            TraceEvent first = events.get(0);
            assertThat(first.args()).extracting(Variable::text).containsExactly("1", "0");
            assertThat(first.stack()).extracting(StackFrame::function).containsExactly("traced", "main");
            assertThat(events.get(1999).results()).extracting(Variable::text).containsExactly("1006");
            target.rounds(1);
            assertThat(target.readLine()).isEqualTo(Long.toString(checksum(3)));
            target.assertExitsCleanly();
        }
    }

    /**
     * A shared library deleted after the process mapped it (a libc upgrade under a running service): its frames are
     * named from the mapped file itself (/proc/PID/map_files), and unwinding goes on through them, exactly as when
     * the file is still there. The waiter runs with a copy of libc that one run deletes and the other keeps.
     */
    @Test
    void framesInADeletedSharedLibraryAreNamedAsInAPresentOne() throws Exception {
        Path libc = libcPath();
        assertThat(libc).as("libc.so.6 mapped by this JVM").isNotNull();
        List<String> kept = framesWithLibcCopy(libc, false);
        List<String> deleted = framesWithLibcCopy(libc, true);
        // main's caller and its caller are in libc (their names depend on libc6-dbg); _start is the program's
        assertThat(kept).hasSize(5).startsWith("traced", "main").endsWith("_start");
        assertThat(deleted).isEqualTo(kept);
    }

    private static Path libcPath() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().map(l -> l.substring(l.lastIndexOf(' ') + 1))
                .filter(p -> p.endsWith("/libc.so.6")).findFirst().map(Path::of).orElse(null);
    }

    /** The first call's stack (five frames) in a waiter that loads a copy of libc, deleted first if asked. */
    private List<String> framesWithLibcCopy(Path libc, boolean delete) throws Exception {
        Path dir = Files.createTempDirectory(tmp, delete ? "deleted" : "kept");
        Path lib = Files.createDirectory(dir.resolve("lib"));
        Path copy = Files.copy(libc, lib.resolve("libc.so.6"));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("LD_LIBRARY_PATH", lib.toString());
        try (FifoTarget target = FifoTarget.start(TracerTest.fixture("waiter"), dir, env)) {
            int pid = target.pid();
            target.rounds(1); // once it answers, the library is mapped
            assertThat(target.readLine()).isEqualTo(Long.toString(checksum(1)));
            assertThat(Files.readString(Path.of("/proc/" + pid + "/maps"))).contains(copy.toString());
            if (delete) {
                Files.delete(copy);
            }
            EventLog log = new EventLog(1000);
            try (TraceSession s = Tracer.attach(pid).functions("^traced$").stack(5).onHit(log).start()) {
                target.rounds(1);
                assertThat(target.readLine()).isEqualTo(Long.toString(checksum(2)));
                assertThat(log.awaitReturns()).isTrue();
            }
            target.rounds(1);
            assertThat(target.readLine()).isEqualTo(Long.toString(checksum(3)));
            target.assertExitsCleanly();
            return log.events.get(0).stack().stream().map(StackFrame::function).toList();
        }
    }

    /** The waiter's running checksum after {@code rounds} lines (round r calls traced(r, i) for i < 1000). */
    static long checksum(int rounds) {
        long s = 0;
        for (long r = 0; r < rounds; r++) {
            for (long i = 0; i < 1000; i++) {
                s += r * 7 + i;
            }
        }
        return s;
    }

    @Test
    void signalsInsideTracedFunctionsReachTheTargetAndEveryCallIsSeen() throws Exception {
        Path out = tmp.resolve("out");
        List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, Integer> signals = Collections.synchronizedMap(new HashMap<>());
        try (TraceSession s = Tracer.exec(TracerTest.fixture("alarms")).functions("^traced$").redirect(out, null)
                .onHit(events::add)
                .onProcess(new ProcessListener() {
                    @Override
                    public void signal(int tid, int signal) {
                        signals.merge(signal, 1, Integer::sum);
                    }
                }).start()) {
            assertThat(s.awaitExit()).isZero(); // the target checks that all 50 SIGUSR1 arrived
        }
        String printed = Files.readString(out).trim();
        long calls = Long.parseLong(printed.replaceAll("^calls=(\\d+).*", "$1"));
        assertThat(events.stream().filter(e -> e.kind() == TraceEvent.Kind.CALL).count()).isEqualTo(calls);
        assertThat(events.stream().filter(e -> e.kind() == TraceEvent.Kind.RETURN).count()).isEqualTo(calls);
        assertThat(signals.get(10)).isEqualTo(50); // SIGUSR1
        assertThat(signals.get(14)).isGreaterThanOrEqualTo(50); // SIGALRM
    }

    @Test
    void closingDuringHeavyTracingLeavesNoTrapBehind() throws Exception {
        Path bin = TracerTest.fixture("threads-O0");
        // so many calls that, untraced after close(), the 4 threads are still running when their code is read back
        long n = 3_000_000_000L;
        int pid = Spawner.spawn(new Spawner.Spec(List.of(bin.toString(), Long.toString(n)), null, null, null,
                Spawner.Redirect.to(tmp.resolve("out")), null));
        CountDownLatch some = new CountDownLatch(2000);
        long entry;
        try (io.tinydbg.index.FunctionIndex index = io.tinydbg.index.FunctionIndex.open(bin)) {
            entry = index.match(io.tinydbg.index.FunctionPattern.compile("^traced$")).get(0).entry();
        }
        long bias;
        try (TraceSession s = Tracer.attach(pid).functions("^traced$").onHit(e -> some.countDown()).start()) {
            assertThat(some.await(60, TimeUnit.SECONDS)).isTrue();
            // only now: posix_spawn returns while the kernel may still be writing the new image's auxv
            bias = io.tinydbg.ptrace.ProcFs.loadBias(pid);
        }
        byte[] live = new byte[16];
        try (RandomAccessFile mem = new RandomAccessFile("/proc/" + pid + "/mem", "r")) {
            mem.seek(bias + entry);
            mem.readFully(live);
        }
        byte[] file = new byte[16];
        try (RandomAccessFile f = new RandomAccessFile(bin.toFile(), "r")) {
            f.seek(entry); // text is mapped at file offset == address in these fixtures' first segment
            f.readFully(file);
        }
        assertThat(live).isEqualTo(file);
        assertThat(Files.readString(Path.of("/proc/" + pid + "/status"))).contains("TracerPid:\t0");
        new ProcessBuilder("kill", "-KILL", Integer.toString(pid)).start().waitFor();
        try (Memory st = new Memory(8)) {
            LibC.waitpid(pid, Pointer.nativeValue(st), 0);
            // killed by us, not by a SIGTRAP from a leftover breakpoint
            assertThat(new WaitStatus(pid, st.getInt(0)).shellStatus()).isEqualTo(128 + 9);
        }
    }

    @Test
    void anAttachedTargetThatExitsEndsTheSession() throws Exception {
        Path bin = TracerTest.fixture("waiter");
        Path in = tmp.resolve("in");
        new ProcessBuilder("mkfifo", in.toString()).start().waitFor(10, TimeUnit.SECONDS);
        try (RandomAccessFile toTarget = new RandomAccessFile(in.toFile(), "rw")) {
            int pid = Spawner.spawn(new Spawner.Spec(List.of(bin.toString()), null, null, Spawner.Redirect.from(in),
                    Spawner.Redirect.to(Path.of("/dev/null")), null));
            try (TraceSession s = Tracer.attach(pid).functions("^traced$").start()) {
                toTarget.write("1\n".getBytes());
                toTarget.close(); // end of input: the target exits while traced
                assertThat(s.awaitExit(java.time.Duration.ofSeconds(60))).hasValue(0);
                assertThat(s.stats().hits()).isEqualTo(2000);
            }
        }
    }

    @Test
    void aLaunchedProgramReadsItsInputFromAFile() throws Exception {
        Path in = Files.writeString(tmp.resolve("in"), "1\n2\n");
        Path out = tmp.resolve("out");
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        try (TraceSession s = Tracer.exec(TracerTest.fixture("waiter")).stdin(in).redirect(out, null)
                .functions("^traced$").onHit(e -> {
                    if (e.kind() == TraceEvent.Kind.CALL) {
                        calls.incrementAndGet();
                    }
                }).start()) {
            assertThat(s.awaitExit()).isZero();
        }
        assertThat(calls.get()).isEqualTo(2000);
        assertThat(Files.readAllLines(out)).containsExactly(Long.toString(checksum(1)), Long.toString(checksum(2)));
    }

    @Test
    void aProcessThatDoesNotExistIsATypedError() {
        assertThatThrownBy(() -> Tracer.attach(Integer.MAX_VALUE - 7).functions("main").start())
                .isInstanceOf(TinydbgException.class).hasMessageContaining(Integer.toString(Integer.MAX_VALUE - 7));
    }
}
