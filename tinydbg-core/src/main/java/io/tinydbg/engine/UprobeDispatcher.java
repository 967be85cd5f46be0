package io.tinydbg.engine;

import io.tinydbg.sys.CpuAffinity;
import io.tinydbg.uprobe.ProbeSpec;
import io.tinydbg.uprobe.UprobeRecord;
import io.tinydbg.uprobe.UprobeRecorder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Traces Go functions with uprobes instead of breakpoints: the kernel runs a small BPF program at each probed
 * address that records the registers, the goroutine and a stack window into a ring buffer, and the thread goes on
 * without a ptrace stop (two traps in the kernel instead of two round trips through the tracer). This class reads
 * those records and turns them into the same {@link EntryHit}s and {@link ReturnHit}s the ptrace engine makes, with
 * returns matched to calls by {@link GoFrames}, so handlers cannot tell the two apart.
 *
 * <p>Records are handled under one lock, by a reader thread that polls the ring every millisecond and by
 * {@link #afterRecordedHits} (the tracer thread, before it reports a process event or handles a breakpoint hit, so
 * that every hit a thread recorded before is handled first). Handlers thus never run concurrently. When the ring
 * fills up faster than it is read, the BPF program stops the hitting thread with a SIGSTOP that the engine turns
 * into a wait for {@link #afterRecordedHits} (see {@link TraceEngine#throttleWith}): the target slows down instead
 * of losing hits.
 *
 * <p>The engine keeps ptrace for everything else (launch, attach, threads, signals, exit, detach).
 */
public final class UprobeDispatcher implements AutoCloseable {
    /** Room for about 100,000 records of ~250 bytes: 50 ms of hits at the fastest rate measured here. */
    private static final long RING_BYTES = 32L << 20;
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** A probed address: an entry (with its handler) or a RET; {@code alsoReturns}: an entry that is its RET too. */
    private record Site(long address, EntryHandler entry, boolean restartable, boolean alsoReturns) {
    }

    private final TraceEngine engine;
    private final int tgid;
    private final UprobeRecorder recorder;
    /** Offsets of g.goid, g.m, m.g0 and m.curg: the same for every function of the image. */
    private final long[] goroutine;
    private final Map<Integer, Site> sites = new ConcurrentHashMap<>();
    private final GoFrames frames = new GoFrames();
    private final ReentrantLock lock = new ReentrantLock();
    private final Thread reader;
    private volatile boolean closed;
    private int nextId = 1;
    /** The target's memory, for records whose thread was stopped because a deref faulted; opened on first use. */
    private io.tinydbg.ptrace.RemoteMemory live;
    private volatile long entries;
    private volatile long returns;

    private UprobeDispatcher(TraceEngine engine, UprobeRecorder recorder, long[] goroutine, int avoidCpu) {
        this.engine = engine;
        this.goroutine = goroutine.clone();
        this.tgid = engine.pid();
        this.recorder = recorder;
        this.reader = new Thread(() -> {
            if (avoidCpu >= 0) {
                CpuAffinity.avoid(0, avoidCpu);
            }
            readLoop();
        }, "tinydbg-uprobes");
        reader.setDaemon(true);
        reader.start();
        engine.throttleWith(this::afterRecordedHits);
    }

    /**
     * A dispatcher for the engine's process, with an empty ring; probes are added with {@link #addFunction}. The
     * ring's size may be set with the system property {@code tinydbg.uprobe.ringBytes} (a power of two, in bytes).
     * {@code goroutine}: the offsets of g.goid, g.m, m.g0 and m.curg in this image's runtime (see {@link
     * io.tinydbg.session.GoroutineIds#uprobeOffsets}). {@code avoidCpu}: a CPU the reader thread stays off (the
     * pinned target's), or -1.
     */
    public static UprobeDispatcher open(TraceEngine engine, long[] goroutine, int avoidCpu) {
        return new UprobeDispatcher(engine,
                UprobeRecorder.open(Long.getLong("tinydbg.uprobe.ringBytes", RING_BYTES)), goroutine, avoidCpu);
    }

    /**
     * Probes one Go function of {@code file}: its entry probe at {@code entry} (absolute address; {@code
     * entryFileOffset} in the file) calls {@code handler}, and its RETs ({@code returnSites}, absolute, with their
     * file offsets) end the calls the handler arms with {@link EntryHit#traceGoReturn}. {@code stackBelow} and
     * {@code stackAbove}: the bytes around rsp the handlers read (see {@link CaptureCheck}).
     */
    public synchronized void addFunction(Path file, long entry, long entryFileOffset, long[] returnSites,
            long[] returnFileOffsets, CaptureCheck.Window window, boolean restartable, EntryHandler handler) {
        boolean entryIsReturn = false;
        for (int i = 0; i < returnSites.length; i++) {
            if (returnSites[i] == entry) {
                entryIsReturn = true; // an empty function: one probe, whose hit is the call and then its return
            } else {
                add(file, returnFileOffsets[i], window, window.atReturns(),
                        new Site(returnSites[i], null, false, false));
            }
        }
        List<ProbeSpec.Deref> atEntry = window.atEntry();
        if (entryIsReturn) {
            atEntry = new java.util.ArrayList<>(atEntry);
            atEntry.addAll(window.atReturns());
        }
        add(file, entryFileOffset, window, atEntry, new Site(entry, handler, restartable, entryIsReturn));
    }

    private void add(Path file, long fileOffset, CaptureCheck.Window window, List<ProbeSpec.Deref> derefs,
            Site site) {
        int id = nextId++;
        sites.put(id, site);
        recorder.addProbe(file, fileOffset, new ProbeSpec(id, tgid, window.below(), window.above(), goroutine[0],
                goroutine[1], goroutine[2], goroutine[3], derefs));
    }

    /**
     * Reads the target's memory now, for a record whose deref faulted: its thread was stopped by the probe and
     * stays stopped until the engine has handled every record (see {@link ProbeSpec.Deref}), so what it reads is
     * what the hit saw. Called under the lock.
     */
    byte[] readLive(long address, int length) {
        if (live == null) {
            live = new io.tinydbg.ptrace.RemoteMemory(tgid);
        }
        live.forgetReads();
        return live.read(address, length);
    }

    /**
     * Handles every hit recorded so far, then runs {@code handling} (a breakpoint hit's handlers, a process event's
     * delivery) while no uprobe handler runs: a session's handlers run one at a time, each thread's in order.
     */
    public void afterRecordedHits(Runnable handling) {
        lock.lock();
        try {
            recorder.drain(this::onRecord);
            handling.run();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The process is gone: handles what it recorded, then ends its pending calls as unwound (they will never
     * return), as the ptrace engine does at exit.
     */
    public void processExited() {
        lock.lock();
        try {
            recorder.drain(this::onRecord);
            frames.clear(this::dropped);
        } finally {
            lock.unlock();
        }
    }

    /** Hits the kernel could not record because the ring was full (the throttle should keep this 0). */
    public long lost() {
        return recorder.lost();
    }

    public long entries() {
        return entries;
    }

    public long returns() {
        return returns;
    }

    /**
     * Removes the probes (the target runs on untraced), handles what was recorded, and stops the reader. A thread
     * that a probe stopped stays stopped until then: the tracer resumes it only through {@link #afterRecordedHits}, which waits
     * for the lock held here, so a record read from it live still sees what the hit saw.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        LockSupport.unpark(reader);
        // from a handler (the reader, or a thread holding the lock the reader waits for), the reader ends by itself
        if (Thread.currentThread() != reader && !lock.isHeldByCurrentThread()) {
            try {
                reader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        lock.lock();
        try {
            recorder.removeProbes();
            recorder.drain(this::onRecord);
            recorder.close();
            if (live != null) {
                live.close();
                live = null;
            }
        } finally {
            lock.unlock();
        }
        if (!engine.ended()) {
            engine.throttleWith(null); // a stop the programs sent meanwhile is resumed at once
        }
    }

    private void readLoop() {
        while (!closed) {
            int n;
            lock.lock();
            try {
                n = recorder.drain(this::onRecord);
            } catch (RuntimeException e) {
                engine.safely(() -> {
                    throw e;
                });
                n = 0;
            } finally {
                lock.unlock();
            }
            if (n == 0) {
                LockSupport.parkNanos(POLL_NANOS);
            }
        }
    }

    long epochNanos(long monotonicNanos) {
        return engine.epochNanos(monotonicNanos);
    }

    private void onRecord(UprobeRecord r) {
        Site site = sites.get(r.probeId());
        if (site == null) {
            return;
        }
        long[] regs = new long[X86Registers.COUNT];
        r.copyRegisters(regs);
        regs[X86Registers.RIP] = site.address();
        RecordedHit source = new RecordedHit(this, r, goroutine[0]);
        long key = source.goroutineKey();
        long offset = source.stackOffset(regs[X86Registers.RSP]);
        long now = r.monotonicNanos();
        int tid = r.tid();
        if (site.entry() == null) {
            returnAt(source, key, offset, tid, regs, now);
            return;
        }
        if (source.goroutineRead() && !frames.isEmpty()
                && frames.enterIsRestart(key, offset, site.address(), site.restartable(), this::dropped)) {
            return;
        }
        entries++;
        EntryHit hit = new EntryHit(source, tid, regs, now, site.address());
        engine.safely(() -> site.entry().onEntry(hit));
        if (site.alsoReturns()) {
            returnAt(source, key, offset, tid, regs.clone(), now);
        }
    }

    /** A RET reached: the pending call at this depth of the goroutine, if any, returns. */
    private void returnAt(RecordedHit source, long key, long offset, int tid, long[] regs, long now) {
        GoFrames.Frame f = source.goroutineRead() ? frames.returnAt(key, offset, this::dropped) : null;
        if (f != null) {
            returns++;
            ReturnHit hit = new ReturnHit(source, tid, regs, now, f.entryNanos());
            engine.safely(() -> f.handler().onReturn(hit));
        }
    }

    /** From {@link EntryHit#traceGoReturn} of a recorded hit: the call's frame waits for its RET. */
    void armGoReturn(RecordedHit source, long function, long[] regs, ReturnHandler handler, long now) {
        if (!source.goroutineRead()) {
            dropped(handler); // no g could be read: the return cannot be keyed
            return;
        }
        frames.push(source.goroutineKey(), regs[X86Registers.R14],
                new GoFrames.Frame(function, source.stackOffset(regs[X86Registers.RSP]), handler, now),
                this::dropped);
    }

    private void dropped(ReturnHandler h) {
        engine.safely(h::onUnwound);
    }
}
