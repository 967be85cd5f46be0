package io.tinydbg.engine;

import static io.tinydbg.engine.X86Registers.RIP;
import static io.tinydbg.engine.X86Registers.RSP;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.tinydbg.TinydbgException;
import io.tinydbg.ptrace.NoSuchProcessException;
import io.tinydbg.ptrace.ProcFs;
import io.tinydbg.ptrace.Ptrace;
import io.tinydbg.ptrace.RemoteMemory;
import io.tinydbg.ptrace.TracerThread;
import io.tinydbg.sys.Signals;
import io.tinydbg.sys.WaitStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Traces one process with software breakpoints: probes at function entries, exact return events, and the process
 * events around them (threads, fork, exec, signals, exit). Everything that touches the tracee runs on one
 * {@link TracerThread}; public methods may be called from any thread, and from handlers.
 *
 * <p>No stop-the-world: a thread gets past an entry breakpoint by emulation or out-of-line execution while the int3
 * stays in place for the others (see docs/engine.md). Fork children get their original bytes back and are
 * detached; vfork children, which share our memory, stay traced until they exec or exit.
 */
public final class TraceEngine implements AutoCloseable {
    static final int OPTIONS = Ptrace.O_TRACECLONE | Ptrace.O_TRACEFORK | Ptrace.O_TRACEVFORK | Ptrace.O_TRACEEXEC
            | Ptrace.O_TRACEEXIT;

    final TracerThread tracer;
    final EngineOptions options;
    final EngineListener listener;
    final boolean launched;
    int pid;
    RemoteMemory memory;
    long loadBias;
    ScratchPage scratch;
    final Map<Integer, TracedThread> threads = new HashMap<>();
    final Map<Integer, WaitStatus> earlyStops = new HashMap<>();
    final Map<Integer, Boolean> expectedChildren = new HashMap<>();
    final Breakpoints breakpoints = new Breakpoints();
    final GoReturns goReturns = new GoReturns();
    /** What the hits of this engine's stops read through. */
    final HitSource hits = new StoppedThreadHits(this);
    boolean paused = true;
    boolean ended;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    final Memory regsBuf = new Memory(X86Registers.SIZE);
    final Memory msgBuf = new Memory(8);
    private final long startEpochNanos;
    private final long startMonoNanos;
    private volatile long entryHits;
    /** See {@link #throttleWith}; touched on the tracer thread only. */
    private java.util.function.Consumer<Runnable> throttle;
    /** Whether uprobe programs may ever have sent a back-pressure SIGSTOP (see {@link Detacher}). */
    boolean backPressure;
    private volatile long returns;
    private volatile long unwound;
    private volatile long stops;
    private volatile long singleSteps;
    private volatile long tracerNanos;

    TraceEngine(EngineOptions options, EngineListener listener, boolean launched) {
        this.options = options;
        this.listener = listener == null ? EngineListener.NONE : listener;
        this.launched = launched;
        java.time.Instant now = java.time.Instant.now();
        this.startMonoNanos = System.nanoTime();
        this.startEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        this.tracer = new TracerThread("tinydbg-tracer");
        if (options.cpu() >= 0) {
            tracer.pinTo(options.cpu());
        }
    }

    /**
     * Starts {@code spec} stopped at its exec: tracing is armed before the target's first instruction. Add probes,
     * then call {@link #resume()}.
     */
    public static TraceEngine launch(LaunchSpec spec, EngineOptions options, EngineListener listener) {
        return start(new TraceEngine(options, listener, true), e -> Launcher.launch(e, spec));
    }

    /** Attaches to every thread of the running process {@code pid} and holds them stopped until {@link #resume()}. */
    public static TraceEngine attach(int pid, EngineOptions options, EngineListener listener) {
        return start(new TraceEngine(options, listener, false), e -> Attacher.attach(e, pid));
    }

    /** Runs {@code begin} (launch or attach) on the tracer thread; the engine is usable once it returns. */
    private static TraceEngine start(TraceEngine e, java.util.function.Consumer<TraceEngine> begin) {
        try {
            e.tracer.call(() -> {
                begin.accept(e);
                return null;
            });
        } catch (RuntimeException ex) {
            e.tracer.close();
            throw ex;
        }
        ShutdownHook.register(e);
        return e;
    }

    /** The traced process id. */
    public int pid() {
        return pid;
    }

    /** PIE load bias of the main executable (0 for a non-PIE executable). */
    public long loadBias() {
        return tracer.call(() -> loadBias);
    }

    /**
     * Puts a probe at the function entry {@code address} (absolute, i.e. symbol value + load bias). May be called
     * before {@link #resume()}, while running, and from handlers.
     */
    public void addProbe(long address, EntryHandler handler) {
        tracer.call(() -> {
            requireLive();
            Breakpoint bp = breakpointAt(address);
            if (bp.probe != null) {
                throw new TinydbgException("a probe is already set at 0x" + Long.toHexString(address));
            }
            bp.probe = handler;
            return null;
        });
    }

    /** Removes the probe at {@code address}; returns false if there was none. */
    public boolean removeProbe(long address) {
        return tracer.call(() -> {
            Breakpoint bp = breakpoints.get(address);
            if (bp == null || bp.probe == null) {
                return false;
            }
            bp.probe = null;
            if (!bp.returnSite && !bp.goReturnSite) {
                uninstall(bp);
            }
            return true;
        });
    }

    /** Lets the stopped target run (after launch or attach). */
    public void resume() {
        tracer.call(() -> {
            requireLive();
            if (!paused) {
                return null;
            }
            paused = false;
            for (TracedThread t : new ArrayList<>(threads.values())) {
                if (!t.running) {
                    resumeThread(t);
                }
            }
            return null;
        });
    }

    /**
     * Restores every original byte and lets the target run untraced. A launched target stays our child: it is
     * reaped when it exits (so no zombie is left and {@link #awaitExit} still reports its status).
     */
    public void detach() {
        tracer.call(() -> {
            Detacher.detach(this);
            return null;
        });
        if (launched && !exit.isDone()) {
            DetachedChildReaper.start(pid, exit);
        }
    }

    /** Kills the target (SIGKILL). */
    public void kill() {
        tracer.call(() -> {
            if (!ended) {
                io.tinydbg.sys.LibC.kill(pid, Signals.SIGKILL);
                paused = false;
            }
            return null;
        });
    }

    /**
     * Waits until the target exits and returns its status (exit code, or 128 + signal).
     *
     * @throws TimeoutException if it is still running after {@code timeout}
     */
    public int awaitExit(Duration timeout) throws TimeoutException {
        try {
            return exit.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TinydbgException("interrupted", e);
        } catch (ExecutionException e) {
            throw new TinydbgException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** True once the target exited or we detached. */
    public boolean ended() {
        return tracer.call(() -> ended);
    }

    public EngineStats stats() {
        // read where they are, not on the tracer thread: a callback may ask while the tracer thread waits for room
        // in a full delivery queue, which only that callback's return makes (only the tracer thread writes them)
        return new EngineStats(entryHits, returns, unwound, stops, singleSteps, tracerNanos);
    }

    /**
     * Kills a launched target, detaches from an attached one (unless it exited or was detached already), and stops
     * the tracer thread.
     */
    public void close() {
        try {
            if (ended()) {
                // exited, or detached already (a detached launched target runs on: nothing to kill or wait for)
            } else if (launched) {
                kill();
                try {
                    awaitExit(Duration.ofSeconds(10));
                } catch (TimeoutException e) {
                    // EXITKILL finishes the job when the tracer thread goes away
                }
            } else {
                detach();
            }
        } finally {
            ShutdownHook.unregister(this);
            tracer.call(() -> {
                if (memory != null) {
                    memory.close();
                    memory = null;
                }
                return null;
            });
            tracer.close();
        }
    }

    // ---------------------------------------------------------------- tracer-thread internals

    void requireLive() {
        if (ended) {
            throw new io.tinydbg.ptrace.TargetExitedException(pid, exit.getNow(-1),
                    "process " + pid + " is no longer traced");
        }
    }

    long[] getRegs(int tid) {
        Ptrace.call(Ptrace.GETREGS, tid, 0, Pointer.nativeValue(regsBuf));
        long[] r = new long[X86Registers.COUNT];
        regsBuf.read(0, r, 0, r.length);
        return r;
    }

    void setRegs(int tid, long[] r) {
        regsBuf.write(0, r, 0, r.length);
        Ptrace.call(Ptrace.SETREGS, tid, 0, Pointer.nativeValue(regsBuf));
    }

    void setPc(int tid, long pc) {
        Ptrace.call(Ptrace.POKEUSER, tid, Ptrace.USER_RIP, pc);
    }

    long epochNanos(long mono) {
        return startEpochNanos + (mono - startMonoNanos);
    }

    /** Resumes a stopped thread the way it stopped: LISTEN in a group-stop, else CONT with its pending signal. */
    void resumeThread(TracedThread t) {
        try {
            if (t.groupStopped) {
                Ptrace.call(Ptrace.LISTEN, t.tid, 0, 0);
            } else {
                Ptrace.cont(t.tid, t.pendingSignal);
                t.pendingSignal = 0;
            }
        } catch (NoSuchProcessException gone) {
            // the thread died meanwhile; its exit status is on its way
        }
        t.running = true;
    }

    void cont(TracedThread t, int sig) {
        t.groupStopped = false;
        t.pendingSignal = sig;
        if (!paused) {
            resumeThread(t);
        }
    }

    /** The breakpoint at {@code address}, creating and inserting it if needed. */
    Breakpoint breakpointAt(long address) {
        return breakpoints.install(address, memory, options.decoder(), scratch);
    }

    void uninstall(Breakpoint bp) {
        breakpoints.remove(bp, memory);
    }

    void dropped(ReturnHandler h) {
        unwound++;
        safely(h::onUnwound);
    }

    void returned(ReturnHandler h, ReturnHit hit) {
        returns++;
        safely(() -> h.onReturn(hit));
    }

    // ---------------------------------------------------------------- stop handling

    /** Dispatches one wait status (tracer thread). */
    void onStatus(WaitStatus ws) {
        long t0 = System.nanoTime();
        stops++;
        RemoteMemory before = memory;
        if (before != null) {
            before.forgetReads(); // anything read between stops is older than this stop
        }
        try {
            dispatch(ws, t0);
        } catch (NoSuchProcessException gone) {
            // a thread vanished under us; its exit report follows
        } finally {
            RemoteMemory m = memory;
            if (m != null) {
                m.forgetReads(); // what this stop read is only good while its thread stays stopped
            }
        }
        tracerNanos += System.nanoTime() - t0;
    }

    void dispatch(WaitStatus ws, long now) {
        int tid = ws.pid();
        TracedThread t = threads.get(tid);
        if (t == null) {
            Boolean vfork = expectedChildren.remove(tid);
            if (vfork != null && ws.stopped()) {
                ProcessEvents.newChild(this, tid, vfork);
            } else if (ws.stopped()) {
                earlyStops.put(tid, ws); // a new task whose creation event has not arrived yet
            }
            return;
        }
        if (!ws.stopped()) {
            threadGone(t, ws);
            return;
        }
        t.running = false;
        int sig = ws.stopSignal();
        int event = ws.event();
        if (event == WaitStatus.PTRACE_EVENT_STOP) {
            t.awaitingFirstStop = false;
            if (Signals.isStopSignal(sig)) {
                listener.signal(tid, sig);
                t.groupStopped = true;
                if (!paused) {
                    resumeThread(t);
                }
            } else {
                cont(t, 0); // interrupt or first stop of a new thread
            }
            return;
        }
        if (sig == Signals.SIGTRAP && event != 0) {
            ProcessEvents.ptraceEvent(this, t, event);
            return;
        }
        if (sig == Signals.SIGTRAP) {
            trap(t, now);
            return;
        }
        if (sig == Signals.SIGSTOP && backPressure && SignalInfo.sentByKernel(tid)) {
            // our uprobe program stopped the thread: its ring is filling up; resume once drained (or at once, when
            // the ring is gone already: the stop was sent just before its probes were removed)
            if (throttle != null) {
                throttle.accept(() -> { });
            }
            cont(t, 0);
            return;
        }
        listener.signal(tid, sig);
        cont(t, sig);
    }

    /**
     * Makes a SIGSTOP that the kernel sent (si_code SI_KERNEL: from a BPF program, never from kill or a terminal)
     * mean "wait": {@code afterRecordedHits} runs on the tracer thread (with nothing to do) and the thread resumes
     * without the signal. The uprobe programs send it when their ring is half full, so a target outrunning its
     * reader waits for it and no hit is lost. Every breakpoint hit's handling goes through it too: it must handle
     * what the uprobes recorded so far, then run the given handling without any uprobe handler running meanwhile,
     * so that each thread's events keep their order and a session's handlers never run concurrently.
     */
    public void throttleWith(java.util.function.Consumer<Runnable> afterRecordedHits) {
        tracer.call(() -> {
            throttle = afterRecordedHits;
            backPressure |= afterRecordedHits != null;
            return null;
        });
    }

    /** After an exec: new memory, new load bias, new scratch page (the given thread is stopped). */
    void imageChanged(TracedThread stopped) {
        if (memory != null) {
            memory.close();
        }
        memory = new RemoteMemory(pid);
        loadBias = ProcFs.loadBias(pid);
        scratch = SyscallInjector.mapScratch(this, stopped);
    }

    private void threadGone(TracedThread t, WaitStatus ws) {
        threads.remove(t.tid);
        ThreadReturns.dropAll(this, t);
        if (t.tid == pid) {
            for (TracedThread o : threads.values()) {
                ThreadReturns.dropAll(this, o);
            }
            threads.values().removeIf(o -> o.tgid == pid);
            goReturns.clear(this);
            ended = true;
            listener.exited(pid, ws.shellStatus());
            exit.complete(ws.shellStatus());
        } else if (!t.vforkChild) {
            listener.threadExited(t.tid);
        }
    }

    void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError vme) {
                throw vme;
            }
            listener.handlerFailed(e);
        }
    }

    /** A plain SIGTRAP: one of our breakpoints, a stale one, or the program's own. */
    private void trap(TracedThread t, long now) {
        long[] regs = getRegs(t.tid);
        long at = regs[RIP] - 1;
        Breakpoint bp = breakpoints.get(at);
        if (bp != null) {
            regs[RIP] = at;
            hit(t, bp, regs, now);
            return;
        }
        if (breakpoints.wasRemovedAt(at) && SignalInfo.fromInt3(this, t.tid)) {
            setPc(t.tid, at); // hit before we removed it: run the restored instruction
            cont(t, 0);
            return;
        }
        listener.signal(t.tid, Signals.SIGTRAP);
        cont(t, Signals.SIGTRAP);
    }

    private void hit(TracedThread t, Breakpoint bp, long[] regs, long now) {
        if (throttle != null) {
            // a session may use both: the hits uprobes recorded before this stop come first, and no handler of theirs
            // runs while this stop's do
            throttle.accept(() -> handleHit(t, bp, regs, now));
        } else {
            handleHit(t, bp, regs, now);
        }
        stepPast(t, bp, regs);
    }

    private void handleHit(TracedThread t, Breakpoint bp, long[] regs, long now) {
        long sp = regs[RSP];
        // one system call for what this stop will read: the stack (return address, stack arguments and results)
        // and, in Go, the g (stack guard, stack top, goroutine id). A C return site alone reads nothing: its
        // results are in registers and its frame is matched by rsp.
        if (bp.probe != null || bp.goReturnSite) {
            memory.prefetch(sp, bp.goFunction != null && !bp.goFunction.inThreadLocalStorage()
                    ? regs[X86Registers.R14] : 0);
        }
        if (bp.returnSite) {
            ThreadReturns.returnSite(this, t, bp.address, sp, regs, now);
        }
        if (bp.goReturnSite && bp.probe == null) {
            goReturns.returnSite(this, t, bp, regs, now);
        }
        EntryHandler probe = bp.probe;
        if (probe != null && bp.goFunction != null && !goReturns.isEmpty()
                && goReturns.enterIsRestart(this, bp, regs)) {
            probe = null;
        }
        if (probe != null) {
            EntryHandler entry = probe;
            entryHits++;
            ThreadReturns.dropDeadFrames(this, t, bp.address, sp);
            EntryHit h = new EntryHit(hits, t.tid, regs, now, bp.address);
            safely(() -> entry.onEntry(h));
        }
        if (bp.goReturnSite && bp.probe != null) {
            // an empty function: the instruction after its prologue is its RET, so the call returns right here
            goReturns.returnSite(this, t, bp, regs, now);
        }
    }

    /** Moves a thread stopped on {@code bp} (regs with rip = bp.address) past the displaced instruction. */
    private void stepPast(TracedThread t, Breakpoint bp, long[] regs) {
        if (breakpoints.get(bp.address) != bp) {
            setPc(t.tid, bp.address); // a handler removed it: the original byte is back
            cont(t, 0);
            return;
        }
        switch (bp.method) {
            case EMULATE -> {
                X86Emulator.apply(bp.code, bp.instruction, regs, memory::writeLong);
                setRegs(t.tid, regs);
                cont(t, 0);
            }
            case OUT_OF_LINE -> {
                setPc(t.tid, bp.slot);
                cont(t, 0);
            }
            default -> {
                singleSteps++;
                InPlaceStepper.step(this, t, bp);
            }
        }
    }

    // ---------------------------------------------------------------- helpers for the collaborators

    void completeExit(int status) {
        exit.complete(status);
    }

    boolean expectsEvents() {
        return !ended && !paused;
    }

    /** From now on the tracer thread's wait statuses go to this engine. */
    void startDispatching() {
        tracer.setSink(new TracerThread.StopSink() {
            @Override
            public void onStatus(WaitStatus status) {
                TraceEngine.this.onStatus(status);
            }

            @Override
            public boolean expectsEvents() {
                return TraceEngine.this.expectsEvents();
            }
        });
    }

    int threadCount(int tgid) {
        int n = 0;
        for (TracedThread t : threads.values()) {
            if (t.tgid == tgid) {
                n++;
            }
        }
        return n;
    }
}
