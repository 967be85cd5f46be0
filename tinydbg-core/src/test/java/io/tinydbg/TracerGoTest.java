package io.tinydbg;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.uprobe.UprobeAddress;
import java.io.RandomAccessFile;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The Tracer API on a Go target (built with -N -l by the fixture build): arguments, results, goroutine ids. */
@Timeout(120)
class TracerGoTest {

    /**
     * A session mixing both mechanisms under the same load: step gets uprobes, half (a float) breakpoints. Each
     * goroutine's events still come in the order it ran into them (step's call and return, then half's), though
     * goroutines move between threads and the two kinds of hits reach the tracer by different paths.
     */
    @Test
    void aMixedSessionKeepsEachGoroutinesEventsInOrder(@TempDir Path dir) throws Exception {
        int goroutines = 16;
        int calls = 200;
        List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (TraceSession s = Tracer.exec(TracerTest.fixture("gogoroutines"), Integer.toString(calls))
                .functions("^main\\.(step|half)$").redirect(dir.resolve("stdout"), null).onHit(events::add)
                .start()) {
            assertThat(s.awaitExit()).isZero();
            assertThat(s.stats().uprobeHits()).as("step's calls and returns").isEqualTo(2L * goroutines * calls);
            assertThat(s.stats().hits()).isEqualTo(4L * goroutines * calls);
        }
        Map<Long, List<TraceEvent>> byGoroutine = events.stream()
                .collect(Collectors.groupingBy(e -> e.goroutine().orElseThrow()));
        assertThat(byGoroutine).hasSize(goroutines);
        for (List<TraceEvent> list : byGoroutine.values()) {
            assertThat(list).hasSize(4 * calls);
            String id = list.get(0).args().get(0).text();
            for (int i = 0; i < calls; i++) {
                assertThat(list.subList(4 * i, 4 * i + 4)).extracting(e -> e.kind() + " " + e.function().name()
                        + " " + (e.kind() == TraceEvent.Kind.CALL ? e.args() : e.results()).stream()
                        .map(Variable::text).collect(Collectors.joining(",")))
                        .containsExactly("CALL main.step " + id + "," + i, "RETURN main.step "
                                + (Long.parseLong(id) * 1000 + i), "CALL main.half " + i, "RETURN main.half "
                                + (i % 2 == 0 ? Integer.toString(i / 2) : (i / 2) + ".5"));
            }
        }
    }

    /**
     * The same program with its DWARF compressed as Go 1.19 does (SHF_COMPRESSED), as .zdebug_* and plain; traced
     * with uprobes and with breakpoints.
     */
    @ParameterizedTest
    @CsvSource({"gowork,true", "gowork,false", "gowork-zdebug,true", "gowork-plain,false"})
    void goCallsGiveArgumentsResultsAndTheGoroutine(String fixture, boolean uprobes) {
        List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (TraceSession s = Tracer.exec(TracerTest.fixture(fixture), "100", "deep")
                .functions("^main\\.(work|deep)$").redirect(Path.of("/dev/null"), null)
                .uprobes(uprobes).onHit(events::add).start()) {
            assertThat(s.awaitExit()).isZero();
            assertRanOn(s, uprobes, events);
        }
        List<TraceEvent> work = events.stream().filter(e -> e.function().name().equals("main.work")).toList();
        assertThat(work).hasSize(200);
        long i = 0;
        for (TraceEvent e : work) {
            assertThat(e.goroutine()).hasValue(1);
            if (e.kind() == TraceEvent.Kind.CALL) {
                assertThat(e.args()).extracting(Variable::name).containsExactly("a", "b");
                assertThat(e.args()).extracting(Variable::text).containsExactly(Long.toString(i),
                        Long.toString(i + 1));
            } else {
                assertThat(e.results()).extracting(Variable::text).containsExactly(Long.toString(3 * i + i + 1));
                i++;
            }
        }
        long deepCalls = events.stream().filter(e -> e.function().name().equals("main.deep")
                && e.kind() == TraceEvent.Kind.CALL).count();
        long deepReturns = events.stream().filter(e -> e.function().name().equals("main.deep")
                && e.kind() == TraceEvent.Kind.RETURN).count();
        assertThat(deepCalls).isEqualTo(201);
        assertThat(deepReturns).isEqualTo(201); // the goroutine's stack moved several times meanwhile
    }

    /**
     * SYNC delivery promises that a callback runs while the hitting thread is stopped, so it can inspect the
     * process: such a session uses breakpoints, and the callback sees the thread in a ptrace stop.
     */
    @Test
    void syncDeliveryKeepsBreakpointsSoTheHittingThreadIsStopped() {
        List<String> states = Collections.synchronizedList(new ArrayList<>());
        try (TraceSession s = Tracer.exec(TracerTest.fixture("gowork"), "20").functions("^main\\.work$")
                .redirect(Path.of("/dev/null"), null).delivery(Delivery.SYNC, 1).onHit(e -> {
                    try {
                        states.add(ProcFsState.of(e.tid()));
                    } catch (Exception unreadable) {
                        states.add(unreadable.toString());
                    }
                }).start()) {
            assertThat(s.awaitExit()).isZero();
            assertThat(s.stats().uprobeHits()).isZero();
            assertThat(s.stats().hits()).isEqualTo(40);
        }
        assertThat(states).hasSize(40).containsOnly("t");
    }

    /**
     * When arming the uprobes fails part way (here: with a one-page ring, deep's records, which carry the KiB of
     * dead frame its result is read from, are refused as too large, after work's probe is already in), the session
     * removes what it armed and traces every function with breakpoints instead: every call and return seen once,
     * none by a uprobe.
     */
    @Test
    void aUprobeRefusedWhileArmingFallsBackToBreakpointsForTheWholeSession() {
        List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());
        System.setProperty("tinydbg.uprobe.ringBytes", "4096");
        try (TraceSession s = Tracer.exec(TracerTest.fixture("gowork"), "100", "deep")
                .functions("^main\\.(work|deep)$").redirect(Path.of("/dev/null"), null).onHit(events::add)
                .start()) {
            assertThat(s.awaitExit()).isZero();
            assertRanOn(s, false, events);
        } finally {
            System.clearProperty("tinydbg.uprobe.ringBytes");
        }
        assertThat(events.stream().filter(e -> e.function().name().equals("main.work")
                && e.kind() == TraceEvent.Kind.RETURN).map(e -> e.results().get(0).text()))
                .hasSize(100).startsWith("1", "5", "9");
        assertThat(events.stream().filter(e -> e.function().name().equals("main.deep")
                && e.kind() == TraceEvent.Kind.CALL)).hasSize(201);
        assertThat(events.stream().filter(e -> e.function().name().equals("main.deep")
                && e.kind() == TraceEvent.Kind.RETURN)).hasSize(201);
    }

    /**
     * A cgo program: the Go caller's return must survive C code running on the system stack (whose r14 is no g),
     * the C functions follow C's ABI, the assembly function is named as DWARF names it (no .abi0) and finds its g in
     * thread-local storage, cgo's Go stub (ABI0: arguments and result on the stack) is read through its DWARF, and a
     * thread created by C runs no goroutine: goroutine 0. With uprobes, the Go functions (main.goAdd and cgo's Go
     * stub) get them and the others keep their breakpoints: the events of both kinds still come in the order the
     * thread ran into them.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void cgoAndAssemblyFunctionsPairTheirReturnsAndKnowTheirGoroutine(boolean uprobes) {
        List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (TraceSession s = Tracer.exec(TracerTest.fixture("gocgo"))
                .functions("^(main\\.goAdd|gocgo/asm\\.Add|main\\._Cfunc_c_add|c_add)$").redirect(Path.of("/dev/null"), null)
                .uprobes(uprobes).onHit(events::add).start()) {
            assertThat(s.awaitExit()).isZero();
            // C functions and assembly (g in thread-local storage) need breakpoints
            assertThat(s.stats().uprobeHits()).as("calls and returns of main.goAdd and main._Cfunc_c_add")
                    .isEqualTo(uprobes ? 4 : 0);
            assertThat(s.stats().hits()).isEqualTo(events.size());
        }
        assertThat(events).extracting(e -> e.kind() + " " + e.function().name() + " g" + e.goroutine().orElse(-1)
                + " " + e.args().stream().map(Variable::text).toList()
                + " " + e.results().stream().map(Variable::text).toList())
                .containsExactly(
                        "CALL main.goAdd g1 [1, 2] []",
                        "CALL gocgo/asm.Add g1 [] []",
                        "RETURN gocgo/asm.Add g1 [] []",
                        "CALL main._Cfunc_c_add g1 [1, 2] []",
                        "CALL c_add g1 [1, 2] []",
                        "RETURN c_add g1 [] [3]",
                        "RETURN main._Cfunc_c_add g1 [] [3]",
                        "RETURN main.goAdd g1 [] [6]",
                        "CALL c_add g0 [40, 2] []",
                        "RETURN c_add g0 [] [42]");
    }

    /**
     * Sixteen goroutines on four threads, with SIGPROF (CPU profiling) and SIGURG (asynchronous preemption of the
     * busy loop) arriving meanwhile: every call and return is seen once, each on its own goroutine, and the
     * program's checksum is right (the signals reached the runtime and nothing was corrupted).
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void manyGoroutinesUnderPreemptionAndProfilingLoseAndDoubleNothing(boolean uprobes, @TempDir Path dir) throws Exception {
        int goroutines = 16;
        int calls = 300;
        List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());
        Path out = dir.resolve("stdout");
        try (TraceSession s = Tracer.exec(TracerTest.fixture("gogoroutines"), Integer.toString(calls))
                .functions("^main\\.step$").redirect(out, null).uprobes(uprobes).onHit(events::add).start()) {
            assertThat(s.awaitExit()).isZero();
            assertRanOn(s, uprobes, events);
        }
        long expected = 0;
        for (long id = 0; id < goroutines; id++) {
            for (long i = 0; i < calls; i++) {
                expected += id * 1000 + i;
            }
        }
        assertThat(Files.readString(out).trim()).isEqualTo(Long.toString(expected));
        assertThat(events).hasSize(2 * goroutines * calls);
        // per goroutine: CALL(id, i) then its RETURN(id*1000+i), for i = 0..calls-1 in order
        Map<Long, List<TraceEvent>> byGoroutine = events.stream()
                .collect(Collectors.groupingBy(e -> e.goroutine().orElseThrow()));
        assertThat(byGoroutine).hasSize(goroutines);
        Map<Long, Long> idOf = new HashMap<>();
        for (Map.Entry<Long, List<TraceEvent>> g : byGoroutine.entrySet()) {
            List<TraceEvent> list = g.getValue();
            assertThat(list).hasSize(2 * calls);
            long id = Long.parseLong(list.get(0).args().get(0).text());
            assertThat(idOf.put(id, g.getKey())).as("id %d on two goroutines", id).isNull();
            for (int i = 0; i < calls; i++) {
                TraceEvent call = list.get(2 * i);
                TraceEvent ret = list.get(2 * i + 1);
                assertThat(call.kind()).isEqualTo(TraceEvent.Kind.CALL);
                assertThat(call.args()).extracting(Variable::text).containsExactly(Long.toString(id),
                        Integer.toString(i));
                assertThat(ret.kind()).isEqualTo(TraceEvent.Kind.RETURN);
                assertThat(ret.results()).extracting(Variable::text).containsExactly(Long.toString(id * 1000 + i));
            }
        }
    }

    /**
     * A goroutine that ends with runtime.Goexit inside main.Work leaves its call without a return, and its g goes
     * to the next goroutine, which calls main.Work at the same depth: that call is reported, and its return pairs
     * with it, not with the abandoned one (frames are keyed by goid, not by the reused g).
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aGoroutineReusingTheGOfOneThatCalledGoexitHasItsOwnCallAndReturn(boolean uprobes) {
        List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (TraceSession s = Tracer.exec(TracerTest.fixture("gogoexit")).functions("^main\\.Work$")
                .redirect(Path.of("/dev/null"), null).uprobes(uprobes).onHit(events::add).start()) {
            assertThat(s.awaitExit()).isZero();
            assertRanOn(s, uprobes, events);
        }
        assertThat(events).hasSize(9);
        for (int i = 0; i < 3; i++) {
            TraceEvent exited = events.get(3 * i);
            TraceEvent call = events.get(3 * i + 1);
            TraceEvent ret = events.get(3 * i + 2);
            assertThat(exited.kind()).isEqualTo(TraceEvent.Kind.CALL);
            assertThat(exited.args()).extracting(Variable::text).containsExactly(Integer.toString(i), "true");
            assertThat(call.kind()).isEqualTo(TraceEvent.Kind.CALL);
            assertThat(call.args()).extracting(Variable::text).containsExactly(Integer.toString(10 + i), "false");
            assertThat(call.goroutine()).isNotEqualTo(exited.goroutine());
            assertThat(ret.kind()).isEqualTo(TraceEvent.Kind.RETURN);
            assertThat(ret.goroutine()).isEqualTo(call.goroutine());
            assertThat(ret.results()).extracting(Variable::text).containsExactly(Integer.toString(2 * (10 + i)));
        }
    }

    /**
     * A call that panics and is recovered by an untraced caller never returns; the next call of the same function
     * at the same depth on the same goroutine is a new call (reported), and its return is its own.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aCallAbandonedByARecoveredPanicDoesNotSwallowTheNextCall(boolean uprobes) {
        List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (TraceSession s = Tracer.exec(TracerTest.fixture("gorecovered")).functions("^main\\.Risky$")
                .redirect(Path.of("/dev/null"), null).uprobes(uprobes).onHit(events::add).start()) {
            assertThat(s.awaitExit()).isZero();
            assertRanOn(s, uprobes, events);
        }
        assertThat(events).extracting(e -> e.kind() + " " + e.args().stream().map(Variable::text).toList()
                + " " + e.results().stream().map(Variable::text).toList())
                .containsExactly("CALL [0] []", "CALL [1] []", "RETURN [] [3]", "CALL [2] []", "CALL [3] []",
                        "RETURN [] [9]");
    }

    /**
     * A ring of two pages holds a dozen records while the target makes 40,000 hits: the BPF program stops each
     * thread that finds it half full (SIGSTOP from the kernel), the tracer drains it and resumes the thread without
     * the signal. No hit is lost, none doubled, and the program runs to its normal end.
     */
    @Test
    void aFullUprobeRingHoldsTheTargetInsteadOfLosingHits(@TempDir Path dir) throws Exception {
        List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());
        Path out = dir.resolve("stdout");
        System.setProperty("tinydbg.uprobe.ringBytes", "8192");
        try (TraceSession s = Tracer.exec(TracerTest.fixture("gowork"), "20000").functions("^main\\.work$")
                .redirect(out, null).onHit(events::add).start()) {
            assertThat(s.awaitExit()).isZero();
            assertRanOn(s, true, events);
        } finally {
            System.clearProperty("tinydbg.uprobe.ringBytes");
        }
        assertThat(events).hasSize(40_000);
        for (int i = 0; i < 20_000; i++) {
            assertThat(events.get(2 * i).args()).extracting(Variable::text)
                    .containsExactly(Integer.toString(i), Integer.toString(i + 1));
            assertThat(events.get(2 * i + 1).results()).extracting(Variable::text)
                    .containsExactly(Long.toString(4L * i + 1));
        }
        long sum = 0;
        for (long i = 0; i < 20_000; i++) {
            sum += 4 * i + 1;
        }
        assertThat(Files.readString(out).trim()).isEqualTo(Long.toString(sum));
    }

    /**
     * Attach to a running Go program with uprobes, trace one round of 1000 calls, close: while traced, main.traced
     * starts with the uprobe's int3 in the traced process and with its own byte in another process running the
     * same binary (the probes are attached to the one process; its hits are not recorded); after close the byte is the file's again (the kernel removed the uprobe with
     * its perf event), the process is no longer traced, runs another round right and exits 0 at end of input.
     */
    @Test
    void attachingWithUprobesAndClosingLeavesTheGoProcessIntact(@TempDir Path tmp) throws Exception {
        Path bin = TracerTest.fixture("gowaiter");
        long entry = symbol(bin, "main.traced");
        byte original = Files.readAllBytes(bin)[(int) UprobeAddress.fileOffset(bin, entry)];
        Path other = Files.createDirectory(tmp.resolve("other"));
        try (FifoTarget target = FifoTarget.start(bin, tmp); FifoTarget bystander = FifoTarget.start(bin, other)) {
            int pid = target.pid();
            target.rounds(1);
            assertThat(target.readLine()).isEqualTo(Long.toString(TracerProcessTest.checksum(1)));
            EventLog log = new EventLog(1000);
            List<TraceEvent> events = log.events;
            try (TraceSession s = Tracer.attach(pid).functions("^main\\.traced$").onHit(log).start()) {
                assertThat(byteAt(pid, entry)).isEqualTo((byte) 0xcc);
                // the uprobe is in the traced process only: another one running the same file is untouched
                assertThat(byteAt(bystander.pid(), entry)).isEqualTo(original);
                bystander.rounds(1);
                assertThat(bystander.readLine()).isEqualTo(Long.toString(TracerProcessTest.checksum(1)));
                target.rounds(1);
                assertThat(target.readLine()).isEqualTo(Long.toString(TracerProcessTest.checksum(2)));
                assertThat(log.awaitReturns()).isTrue();
                assertThat(s.stats().uprobeHits()).isEqualTo(2000);
            }
            assertThat(byteAt(pid, entry)).isEqualTo(original);
            assertThat(Files.readAllLines(Path.of("/proc/" + pid + "/status")))
                    .contains("TracerPid:\t0");
            for (int i = 0; i < 1000; i++) {
                assertThat(events.get(2 * i).args()).extracting(Variable::text)
                        .containsExactly("1", Integer.toString(i));
                assertThat(events.get(2 * i + 1).results()).extracting(Variable::text)
                        .containsExactly(Integer.toString(7 + i));
            }
            target.rounds(1);
            assertThat(target.readLine()).isEqualTo(Long.toString(TracerProcessTest.checksum(3)));
            target.assertExitsCleanly();
            bystander.assertExitsCleanly();
        }
    }

    /**
     * Strings the process never touched: the gomapped fixture passes label() strings in pages of a file it mapped
     * without reading, so at each call the page is not in its page tables and the uprobe's copy faults. The probe
     * stops the thread instead, and the tracer reads the string from it: every value is right, and every hit still
     * came from a uprobe.
     */
    @Test
    void stringsInPagesNotYetMappedAreReadFromTheStoppedThread(@TempDir Path tmp) throws Exception {
        Path pages = tmp.resolve("pages");
        int stride = 128 << 10;
        byte[] content = new byte[16 * stride];
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String label = String.format("page-%02d-tinydbg!", i);
            System.arraycopy(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, content, i * stride, 16);
            expected.add("\"" + label + "\"");
        }
        Files.write(pages, content);
        Path out = tmp.resolve("out");
        List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (TraceSession s = Tracer.exec(TracerTest.fixture("gomapped"), pages.toString())
                .functions("^main\\.label$").redirect(out, null).onHit(events::add).start()) {
            assertThat(s.awaitExit()).isZero();
            assertRanOn(s, true, events);
        }
        assertThat(Files.readString(out).trim()).isEqualTo("256");
        assertThat(events.stream().filter(e -> e.kind() == TraceEvent.Kind.CALL)
                .map(e -> e.args().get(0).text())).containsExactlyElementsOf(expected);
    }

    /**
     * A Go program that execs itself: the uprobes of the old image go with it, the new image's function is probed
     * again before it runs, and every call of both is seen once with its string argument (copied by the probe).
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aGoProgramThatExecsIsTracedInBothImages(boolean uprobes, @TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (TraceSession s = Tracer.exec(TracerTest.fixture("goexec")).functions("^main\\.work$")
                .redirect(out, null).uprobes(uprobes).onHit(events::add).start()) {
            assertThat(s.awaitExit()).isZero();
            assertRanOn(s, uprobes, events);
        }
        assertThat(Files.readAllLines(out)).containsExactly("parent 21", "child 18");
        assertThat(events).extracting(e -> e.kind() == TraceEvent.Kind.CALL
                ? e.args().stream().map(Variable::text).collect(Collectors.joining(","))
                : "=> " + e.results().get(0).text())
                .containsExactly("\"parent\",0", "=> 6", "\"parent\",1", "=> 7", "\"parent\",2", "=> 8",
                        "\"child\",0", "=> 5", "\"child\",1", "=> 6", "\"child\",2", "=> 7");
    }

    /**
     * Closing in the middle of a storm of probe stops: every call's string is in a page the process never touched,
     * so each uprobe hit stops its thread for a live read. The session is closed (detaching the launched program)
     * after 100 calls; whatever stop was in flight, the program must not stay stopped: it finishes, untraced, with
     * the right sum.
     */
    @Test
    void closingWhileProbesStopThreadsForLiveReadsLeavesTheProgramRunning(@TempDir Path tmp) throws Exception {
        int pages = 512;
        Path data = tmp.resolve("pages");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(data.toFile(), "rw")) {
            f.setLength((long) pages << 17); // zeros: each label is 16 NUL bytes
        }
        Path out = tmp.resolve("out");
        CountDownLatch hundred = new CountDownLatch(100);
        TraceSession s = Tracer.exec(TracerTest.fixture("gomapped"), data.toString()).functions("^main\\.label$")
                .redirect(out, null).detachOnClose(true).onHit(e -> hundred.countDown()).start();
        try {
            assertThat(hundred.await(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            s.close();
        }
        assertThat(s.stats().uprobeHits()).isPositive();
        assertThat(s.awaitExit(Duration.ofSeconds(60))).as("the detached program finished").hasValue(0);
        assertThat(Files.readString(out).trim()).isEqualTo(Integer.toString(16 * pages));
    }

    /**
     * The program's file was replaced after it started (a new file renamed over its name, as a package upgrade
     * does): the session reads the running file through /proc/PID/exe and puts its uprobes on that file; by the
     * name they would sit in the new file and never fire.
     */
    @Test
    void attachingWithUprobesToAProgramWhoseFileWasReplacedTracesTheRunningFile(@TempDir Path tmp)
            throws Exception {
        Path bin = Files.copy(TracerTest.fixture("gowaiter"), tmp.resolve("gowaiter"));
        Path dir = Files.createDirectory(tmp.resolve("fifos"));
        try (FifoTarget target = FifoTarget.start(bin, dir)) {
            int pid = target.pid();
            target.rounds(1);
            assertThat(target.readLine()).isEqualTo(Long.toString(TracerProcessTest.checksum(1)));
            Path replacement = Files.copy(TracerTest.fixture("gowork"), tmp.resolve("gowaiter.new"));
            Files.move(replacement, bin, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            EventLog log = new EventLog(1000);
            List<TraceEvent> events = log.events;
            try (TraceSession s = Tracer.attach(pid).functions("^main\\.traced$").onHit(log).start()) {
                target.rounds(1);
                assertThat(target.readLine()).isEqualTo(Long.toString(TracerProcessTest.checksum(2)));
                assertThat(log.awaitReturns()).isTrue();
                assertThat(s.stats().uprobeHits()).isEqualTo(2000);
            }
            assertThat(events.get(0).args()).extracting(Variable::text).containsExactly("1", "0");
            assertThat(events.get(1999).results()).extracting(Variable::text).containsExactly("1006");
            target.rounds(1);
            assertThat(target.readLine()).isEqualTo(Long.toString(TracerProcessTest.checksum(3)));
            target.assertExitsCleanly();
        }
    }

    /**
     * Detach in the middle of back-pressure: with a ring of two pages the BPF program stops the target with SIGSTOP
     * every few calls, and the session is closed while 20 rounds of 1000 calls run. Whatever stop was in flight,
     * the target must not end up stopped: it finishes every round with the right sums and exits 0.
     */
    @Test
    void closingDuringBackPressureNeverLeavesTheTargetStopped(@TempDir Path tmp) throws Exception {
        Path bin = TracerTest.fixture("gowaiter");
        System.setProperty("tinydbg.uprobe.ringBytes", "8192");
        try (FifoTarget target = FifoTarget.start(bin, tmp)) {
            int pid = target.pid();
            CountDownLatch some = new CountDownLatch(3000);
            try (TraceSession s = Tracer.attach(pid).functions("^main\\.traced$").onHit(e -> some.countDown())
                    .start()) {
                target.rounds(20);
                assertThat(some.await(60, TimeUnit.SECONDS)).isTrue();
                assertThat(s.stats().uprobeHits()).isPositive();
            } finally {
                System.clearProperty("tinydbg.uprobe.ringBytes");
            }
            for (int round = 1; round <= 20; round++) {
                assertThat(target.readLine()).isEqualTo(Long.toString(TracerProcessTest.checksum(round)));
            }
            assertThat(ProcFsState.of(pid)).isNotEqualTo("T");
            target.assertExitsCleanly();
        }
    }

    /** The state letter of /proc/PID/status ("S", "R", "T" for stopped...). */
    private static final class ProcFsState {
        static String of(int pid) throws Exception {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("State:")).findFirst().orElseThrow().substring(6).trim()
                    .substring(0, 1);
        }
    }

    /**
     * A callback ends the session after ten events, with detachOnClose: the launched program runs on untraced and
     * finishes with the right sum; closing again (from the test) does nothing. With uprobes and breakpoints.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aCallbackMayCloseTheSessionAndTheDetachedProgramFinishes(boolean uprobes, @TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("stdout");
        java.util.concurrent.atomic.AtomicReference<TraceSession> session =
                new java.util.concurrent.atomic.AtomicReference<>();
        CountDownLatch armed = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        TraceSession s = Tracer.exec(TracerTest.fixture("gowork"), "200000").functions("^main\\.work$")
                .redirect(out, null).uprobes(uprobes).detachOnClose(true).onHit(e -> {
                    if (seen.incrementAndGet() == 10) {
                        try {
                            armed.await();
                        } catch (InterruptedException ie) {
                            Thread.currentThread().interrupt();
                        }
                        session.get().close();
                        closed.countDown();
                    }
                }).start();
        int pid = s.pid();
        session.set(s);
        armed.countDown();
        assertThat(closed.await(60, TimeUnit.SECONDS)).isTrue();
        s.close();
        s.detach();
        assertThat(s.stats().hits()).isGreaterThanOrEqualTo(10);
        // the session reaps its detached child, whether it exited during the detach or after it
        assertThat(s.awaitExit(Duration.ofSeconds(60))).hasValue(0);
        assertThat(Path.of("/proc/" + pid)).as("no zombie left").doesNotExist();
        long sum = 0;
        for (long i = 0; i < 200_000; i++) {
            sum += 4 * i + 1;
        }
        assertThat(Files.readString(out).trim()).isEqualTo(Long.toString(sum));
    }

    /** A symbol's address, from nm (the oracle; the fixture is not position-independent). */
    private static long symbol(Path bin, String name) throws Exception {
        Process nm = new ProcessBuilder("nm", bin.toString()).start();
        String line = new String(nm.getInputStream().readAllBytes()).lines()
                .filter(l -> l.endsWith(" " + name)).findFirst().orElseThrow();
        nm.waitFor();
        return Long.parseUnsignedLong(line.substring(0, line.indexOf(' ')), 16);
    }

    private static byte byteAt(int pid, long address) throws Exception {
        try (RandomAccessFile mem = new RandomAccessFile("/proc/" + pid + "/mem", "r")) {
            mem.seek(address);
            return mem.readByte();
        }
    }

    /**
     * Every event came from the mechanism asked for: with uprobes, every hit was recorded by one (these functions
     * take and return integers, so they qualify); without, none was.
     */
    static void assertRanOn(TraceSession s, boolean uprobes, List<TraceEvent> events) {
        TraceStats stats = s.stats();
        assertThat(stats.uprobeHits()).as("hits recorded by uprobes").isEqualTo(uprobes ? events.size() : 0);
        assertThat(stats.dropped()).isZero();
    }
}
