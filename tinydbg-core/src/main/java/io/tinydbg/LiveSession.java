package io.tinydbg;

import io.tinydbg.dwarf.DwarfFunction;
import io.tinydbg.engine.CaptureCheck;
import io.tinydbg.engine.EngineListener;
import io.tinydbg.engine.EngineOptions;
import io.tinydbg.engine.EngineStats;
import io.tinydbg.engine.EntryHit;
import io.tinydbg.engine.GoroutinePointer;
import io.tinydbg.engine.LaunchSpec;
import io.tinydbg.engine.TraceEngine;
import io.tinydbg.engine.UprobeDispatcher;
import io.tinydbg.index.CallSite;
import io.tinydbg.index.FunctionIndex;
import io.tinydbg.index.FunctionInfo;
import io.tinydbg.index.FunctionPattern;
import io.tinydbg.index.IndexOptions;
import io.tinydbg.index.IndexedFunction;
import io.tinydbg.ptrace.ProcFs;
import io.tinydbg.session.CallDecoder;
import io.tinydbg.session.GoroutineIds;
import io.tinydbg.session.IndexGoRuntime;
import io.tinydbg.session.IndirectCallTarget;
import io.tinydbg.session.StackCapture;
import io.tinydbg.uprobe.UprobeAddress;
import io.tinydbg.uprobe.UprobeException;
import io.tinydbg.uprobe.UprobeSupport;
import io.tinydbg.value.GoRuntime;
import io.tinydbg.x86.GoStackCheck;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;

/**
 * The session behind {@link Tracer#start()}: resolves the functions in the target's binary, arms an entry probe on
 * each, and turns engine hits into {@link TraceEvent}s. Handlers run on the engine's tracer thread while the hitting
 * thread is stopped; they read what they need then and hand finished events to {@link EventDelivery}.
 */
final class LiveSession implements TraceSession {
    /** The CPU that {@link Tracer#pinned} puts the tracer thread and a launched target on. */
    private static final int PINNED_CPU = 0;

    private final Tracer config;
    private final TraceEngine engine;
    private final EventDelivery delivery;
    /** Concurrent: the engine reports calls unwound at a thread's exit outside the uprobes' lock. */
    private final Map<Integer, Integer> activeRoots = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile FunctionIndex index;

    private LiveSession(Tracer config, TraceEngine engine, EventDelivery delivery) {
        this.config = config;
        this.engine = engine;
        this.delivery = delivery;
    }

    static TraceSession start(Tracer config) {
        List<FunctionPattern> patterns = config.patterns().stream().map(FunctionPattern::compile).toList();
        Path binary = binaryOf(config.target());
        TargetCheck.requireTraceable(binary);
        IndexOptions options = IndexOptions.defaults().withDebugRoots(config.debugRoots());
        FunctionIndex index = FunctionIndex.open(binary, options);
        List<IndexedFunction> selected;
        try {
            selected = index.select(patterns, config.followCalls());
            if (selected.isEmpty()) {
                throw new NoMatchingFunctionException(binary.toString(), config.patterns(),
                        index.closeNames(config.patterns().get(0), 10));
            }
        } catch (RuntimeException e) {
            index.close();
            throw e;
        }
        EventDelivery delivery = new EventDelivery(config.hitCallbacks(), config.listeners(), config.delivery(),
                config.queueCapacity(), config.pinned() ? PINNED_CPU : -1);
        LiveSession[] self = new LiveSession[1];
        EngineListener listener = new EngineListener() {
            @Override
            public void threadCreated(int tid) {
                afterUprobeHits(self[0], () -> delivery.process(l -> l.threadCreated(tid)));
            }

            @Override
            public void threadExited(int tid) {
                afterUprobeHits(self[0], () -> delivery.process(l -> l.threadExited(tid)));
            }

            @Override
            public void forked(int parentTid, int childPid, boolean vfork) {
                afterUprobeHits(self[0], () -> delivery.process(l -> l.forked(parentTid, childPid)));
            }

            @Override
            public void exec(int pid, Path program) {
                afterUprobeHits(self[0], () -> delivery.process(l -> l.exec(program.toString())));
                if (self[0] != null) {
                    self[0].rearm(ProcFs.executableFile(pid), patterns, options);
                }
            }

            @Override
            public void signal(int tid, int signal) {
                afterUprobeHits(self[0], () -> delivery.process(l -> l.signal(tid, signal)));
            }

            @Override
            public void exited(int pid, int status) {
                if (self[0] != null && self[0].uprobes != null) {
                    self[0].uprobes.processExited(); // its hits before its exit, and its unfinished calls
                }
                afterUprobeHits(self[0], () -> delivery.process(l -> l.exited(status)));
            }
        };
        EngineOptions engineOptions = config.pinned() ? EngineOptions.defaults().withSameCpu(PINNED_CPU)
                : EngineOptions.defaults();
        TraceEngine engine;
        try {
            engine = config.target() instanceof Tracer.Launch l
                    ? TraceEngine.launch(launchSpec(l, binary), engineOptions, listener)
                    : TraceEngine.attach(((Tracer.Attach) config.target()).pid(), engineOptions, listener);
        } catch (RuntimeException e) {
            delivery.close();
            index.close();
            throw e;
        }
        LiveSession session = new LiveSession(config, engine, delivery);
        self[0] = session;
        try {
            session.arm(index, selected);
            engine.resume();
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        return session;
    }

    /**
     * Reports a process event after the hits the uprobes recorded until then, so that events keep the order in which
     * the threads made them, and while no uprobe handler runs, so that callbacks never run concurrently.
     */
    private static void afterUprobeHits(LiveSession session, Runnable report) {
        UprobeDispatcher d = session == null ? null : session.uprobes;
        if (d != null) {
            d.afterRecordedHits(report);
        } else {
            report.run();
        }
    }

    private static Path binaryOf(Tracer.Target target) {
        if (target instanceof Tracer.Attach a) {
            return ProcFs.executableFile(a.pid());
        }
        Path program = ((Tracer.Launch) target).program();
        if (program.getNameCount() == 1 && !Files.exists(program)) {
            String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
            for (String dir : path.split(":")) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir).resolve(program);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        if (!Files.isRegularFile(program)) {
            throw new TinydbgException(program + ": no such file");
        }
        return program;
    }

    private static LaunchSpec launchSpec(Tracer.Launch l, Path binary) {
        LaunchSpec spec = LaunchSpec.of(binary, l.args().toArray(String[]::new));
        if (l.environment() != null) {
            spec = spec.withEnvironment(l.environment());
        }
        if (l.workingDirectory() != null) {
            spec = spec.withDirectory(l.workingDirectory());
        }
        if (l.stdout() != null) {
            spec = spec.withStdout(l.stdout());
        }
        if (l.stderr() != null) {
            spec = spec.withStderr(l.stderr());
        }
        if (l.stdin() != null) {
            spec = spec.withStdin(l.stdin());
        }
        return spec;
    }

    /** Adds an entry probe for each selected function, in the image as it is loaded now. */
    private void arm(FunctionIndex newIndex, List<IndexedFunction> selected) {
        FunctionIndex old = index;
        index = newIndex;
        bias = engine.loadBias();
        if (stacks != null) {
            stacks.close();
        }
        stacks = config.stackDepth() > 0 ? new StackCapture(newIndex, bias, config.debugRoots()) : null;
        goids = newIndex.isGo() ? GoroutineIds.of(newIndex).orElse(null) : null;
        goRuntime = newIndex.isGo() ? new IndexGoRuntime(newIndex, bias) : GoRuntime.NONE;
        probed.clear();
        if (uprobes != null) {
            retire(uprobes); // an exec replaced the image they were in
            uprobes = null;
        }
        List<PlannedProbe> plans = new ArrayList<>();
        for (IndexedFunction f : selected) {
            if (probed.add(f.function().entry())) {
                plans.add(plan(f.function(), f.depth()));
            }
        }
        List<Optional<CaptureCheck.Window>> windows = uprobeWindows(plans);
        if (windows.stream().anyMatch(Optional::isPresent)) {
            try {
                uprobes = UprobeDispatcher.open(engine, goids.uprobeOffsets(), config.pinned() ? PINNED_CPU : -1);
                for (int i = 0; i < plans.size(); i++) {
                    if (windows.get(i).isPresent()) {
                        armUprobe(newIndex.path(), plans.get(i), windows.get(i).get());
                    }
                }
            } catch (UprobeException e) {
                // refused (records too large for the ring, a ring too large for the memory limit): the process is
                // still stopped, so breakpoints can take over before any hit was recorded
                if (uprobes != null) {
                    retire(uprobes);
                    uprobes = null;
                }
                windows = java.util.Collections.nCopies(plans.size(), Optional.empty());
            }
        }
        for (int i = 0; i < plans.size(); i++) {
            if (windows.get(i).isEmpty()) {
                armBreakpoint(plans.get(i));
            }
        }
        if (old != null && old != newIndex) {
            old.close();
        }
    }

    private long bias;
    private StackCapture stacks;
    private GoroutineIds goids;
    private GoRuntime goRuntime = GoRuntime.NONE;
    /** The uprobes of this image, or null when its functions have breakpoints. */
    private volatile UprobeDispatcher uprobes;
    /** What the uprobes of earlier images (before an exec) recorded and lost. */
    private volatile long retiredRecorded;
    private volatile long retiredLost;
    /** Entries (file addresses) with a probe, and the indirect call sites watched for follow-calls. */
    private final java.util.Set<Long> probed = new java.util.HashSet<>();

    /**
     * Probes one function's entry. Under follow-calls, a function above the depth limit also gets a probe on each of
     * its indirect calls: where the call goes is read from the registers when it is about to run, and a function
     * reached that way is traced too, one level deeper (the static call graph cannot know it).
     */
    private void probe(FunctionInfo fn, int depth) {
        if (probed.add(fn.entry())) {
            armBreakpoint(plan(fn, depth));
        }
    }

    /** One function's entry handler and where it is probed, before the choice between breakpoint and uprobe. */
    private record PlannedProbe(FunctionInfo fn, int depth, FunctionProbe probe, long probeAt) {
    }

    private PlannedProbe plan(FunctionInfo fn, int depth) {
        FunctionIndex current = index;
        DwarfFunction dwarf = current.dwarfFunction(fn.entry()).orElse(null);
        // in a cgo binary, C functions follow C's ABI and run on the thread's own stack: only Go code is Go
        boolean goCode = current.isGo() && fn.language().equals("Go");
        CallDecoder decoder = new CallDecoder(dwarf, bias, config.limits(), goCode, goRuntime);
        TracedFunction traced = new TracedFunction(fn.name(), fn.source().file(), fn.source().line(),
                fn.entry() + bias);
        long[] returnSites = fn.returns().stream().mapToLong(r -> r + bias).toArray();
        GoroutinePointer g = goids == null ? null : goids.pointerFor(fn);
        long probeAt = goCode ? afterStackCheck(current, fn) : fn.entry();
        FunctionProbe probe = new FunctionProbe(new FunctionProbe.Context(config, delivery, activeRoots, goids, stacks),
                traced, depth, decoder, goCode, g, probeAt == fn.entry(), returnSites);
        return new PlannedProbe(fn, depth, probe, probeAt);
    }

    private void armBreakpoint(PlannedProbe p) {
        FunctionInfo fn = p.fn();
        int depth = p.depth();
        FunctionIndex current = index;
        engine.addProbe(p.probeAt() + bias, p.probe()::onEntry);
        if (config.followCalls() > depth) {
            for (CallSite site : fn.callSites()) {
                // indirect calls, and indirect jumps (optimized tail calls through a pointer; a jump-table jump
                // stays inside the function and resolves to no function entry)
                if (site.indirect() && probed.add(site.address())) {
                    byte[] code = current.code(site.address(), site.length()).orElse(null);
                    if (code != null) {
                        engine.addProbe(site.address() + bias, hit -> onIndirectCall(hit, code, depth));
                    }
                }
            }
        }
    }

    /**
     * Where a Go function is probed: after its stack check, as Delve does. There morestack has run (a stack that
     * grows at the entry makes Go restart the function, which would otherwise be seen twice), the arguments are
     * still in their registers, and rsp is still the entry's, which the goroutine-keyed return tracking relies on.
     */
    private static long afterStackCheck(FunctionIndex index, FunctionInfo fn) {
        return index.code(fn.entry(), STACK_CHECK_BYTES)
                .flatMap(code -> GoStackCheck.match(ByteBuffer.wrap(code), fn.entry()))
                .filter(check -> fn.contains(check.afterCheck()))
                .map(GoStackCheck::afterCheck).orElse(fn.entry());
    }

    /**
     * For each planned probe, what its uprobe must record, or empty when that function keeps breakpoints: uprobes
     * are off or unavailable, stacks are captured (unwinding reads memory at the stop) or delivery is SYNC, for all
     * of them; a function
     * that is not Go code with its g in r14, follows indirect calls, takes or returns values holding interfaces or
     * maps (what those need is known only at run time), or reads more than a uprobe records (see {@link
     * CaptureCheck}) on its own. The two kinds mix: before the tracer handles a breakpoint stop it handles every hit
     * the uprobes recorded so far, so each thread's events come in the order it ran into them.
     */
    private List<Optional<CaptureCheck.Window>> uprobeWindows(List<PlannedProbe> plans) {
        List<Optional<CaptureCheck.Window>> windows = new ArrayList<>();
        // SYNC delivery promises callbacks while the hitting thread is stopped, which a uprobe does not do
        boolean possible = config.uprobes() && config.stackDepth() == 0 && config.delivery() != Delivery.SYNC
                && goids != null && UprobeSupport.unavailableReason().isEmpty();
        for (PlannedProbe p : plans) {
            windows.add(possible ? uprobeWindow(p) : Optional.empty());
        }
        return windows;
    }

    private Optional<CaptureCheck.Window> uprobeWindow(PlannedProbe p) {
        GoroutinePointer g = p.probe().goroutinePointer();
        if (!p.probe().go() || g == null || g.inThreadLocalStorage()) {
            return Optional.empty();
        }
        if (config.followCalls() > p.depth() && p.fn().callSites().stream().anyMatch(CallSite::indirect)) {
            return Optional.empty();
        }
        if (p.probe().decoder().readsDynamicTypes()) {
            return Optional.empty();
        }
        return CaptureCheck.of(p.probeAt() + bias, p.probe().returnSites(), p.probe().decoder()::arguments,
                p.probe().decoder()::results);
    }

    private void armUprobe(Path file, PlannedProbe p, CaptureCheck.Window window) {
        long[] returns = p.probe().returnSites();
        long[] returnOffsets = new long[returns.length];
        for (int i = 0; i < returns.length; i++) {
            returnOffsets[i] = UprobeAddress.fileOffset(file, returns[i] - bias);
        }
        uprobes.addFunction(file, p.probeAt() + bias, UprobeAddress.fileOffset(file, p.probeAt()), returns,
                returnOffsets, window, p.probe().atFirstInstruction(), p.probe()::onEntry);
    }

    /** Enough code for the longest form of Go's stack check (lea, cmp, jbe). */
    private static final int STACK_CHECK_BYTES = 32;

    private void onIndirectCall(EntryHit hit, byte[] code, int callerDepth) {
        if (activeRoots.getOrDefault(hit.tid(), 0) == 0) {
            return;
        }
        OptionalLong target = IndirectCallTarget.of(hit, code);
        if (target.isPresent()) {
            long file = target.getAsLong() - bias;
            index.function(file).filter(f -> f.entry() == file).ifPresent(f -> probe(f, callerDepth + 1));
        }
    }

    /** After an exec every address is void: resolve the patterns in the new image and arm again. */
    private void rearm(Path program, List<FunctionPattern> patterns, IndexOptions options) {
        try {
            FunctionIndex fresh = FunctionIndex.open(program, options);
            List<IndexedFunction> selected = fresh.select(patterns, config.followCalls());
            arm(fresh, selected);
        } catch (TinydbgException e) {
            // the new image has nothing to trace (or cannot be read); the process runs on untraced
        }
    }

    @Override
    public int pid() {
        return engine.pid();
    }

    @Override
    public void detach() {
        if (closed.get()) {
            return;
        }
        delivery.stopBlocking();
        closeUprobes();
        if (!engine.ended()) {
            engine.detach();
        }
        delivery.close();
    }

    @Override
    public int awaitExit() {
        while (true) {
            OptionalInt status = awaitExit(Duration.ofHours(1));
            if (status.isPresent()) {
                return status.getAsInt();
            }
        }
    }

    @Override
    public OptionalInt awaitExit(Duration timeout) {
        try {
            int status = engine.awaitExit(timeout);
            delivery.close(); // every event of the process reaches the callbacks before the wait returns
            return OptionalInt.of(status);
        } catch (TimeoutException e) {
            return OptionalInt.empty();
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new TinydbgException("interrupted while waiting for process " + pid() + " to exit", e);
            }
            throw e;
        }
    }

    /** Removes the uprobes, after handling every hit they recorded. */
    private void closeUprobes() {
        UprobeDispatcher d = uprobes;
        if (d != null) {
            d.close();
        }
    }

    /** Closes the uprobes of an image that is gone, keeping their counts for {@link #stats}. */
    private void retire(UprobeDispatcher d) {
        d.close();
        retiredRecorded += d.entries() + d.returns();
        retiredLost += d.lost();
    }

    @Override
    public TraceStats stats() {
        EngineStats s = engine.stats();
        UprobeDispatcher d = uprobes;
        long recorded = retiredRecorded + (d == null ? 0 : d.entries() + d.returns());
        long lost = retiredLost + (d == null ? 0 : d.lost());
        return new TraceStats(s.entryHits() + s.returns() + recorded, delivery.delivered(),
                delivery.dropped() + lost, s.stops(), delivery.failures(), s.tracerNanos(), recorded);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return; // closed already, maybe from a callback
        }
        delivery.stopBlocking();
        try {
            closeUprobes();
            if (!engine.ended()) {
                if (config.target() instanceof Tracer.Launch && !config.detachOnClose()) {
                    engine.kill();
                } else {
                    engine.detach();
                }
            }
            engine.close();
        } finally {
            delivery.close();
            if (stacks != null) {
                stacks.close();
            }
            FunctionIndex i = index;
            if (i != null) {
                i.close();
            }
        }
    }
}
