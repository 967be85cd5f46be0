package io.tinydbg.uprobe;

import io.tinydbg.sys.KernelCalls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Records function hits in the kernel without stopping the process: each probe is a uprobe whose eBPF program
 * copies the hit's registers, a few Go runtime fields and a window of the stack into a BPF ring buffer shared by
 * all the recorder's probes, which {@link #drain} reads through a memory mapping. See {@link UprobeRecord} for what
 * a record holds and {@link ProbeSpec} for what a probe copies.
 *
 * <p>Back-pressure contract. After writing a record, a program checks how many bytes are unconsumed; above the
 * stop threshold it sends SIGSTOP to the hitting thread (bpf_send_signal_thread), which stops before running the
 * probed instruction. The recorded process's ptrace tracer sees a signal-delivery stop for SIGSTOP whose
 * {@code si_code} is {@code SI_KERNEL} (a SIGSTOP sent by kill or tgkill has {@code SI_USER} or {@code SI_TKILL});
 * it must drain the ring and resume the thread without delivering the signal. A process that nobody traces would
 * stop for good, so without a tracer pass a threshold of {@code ringBytes} (never reached).
 *
 * <p>Thread safety: {@link #drain} (and {@link #pending}, {@link #lost}) are meant to be called from one thread;
 * {@link #addProbe} and {@link #close} may be called from another. A close during a drain waits for it to end, and
 * a close from inside a handler takes effect when the drain returns; the ring stays mapped until then.
 */
public final class UprobeRecorder implements AutoCloseable {
    private static final int U64 = 8;

    private final long ringBytes;
    private final long stopThreshold;
    private final int pmuType;
    private final int ringFd;
    private final int lostFd;
    private final UprobeRecord flyweight = new UprobeRecord();

    private final Object probeLock = new Object();
    /** Perf events or uprobe_multi links, one per probe; closing one removes its uprobe. */
    private final List<Integer> eventFds = new ArrayList<>();
    /** Whether probes are attached with uprobe_multi links (until the kernel says it has none). */
    private boolean links = true;
    private final List<Integer> programFds = new ArrayList<>();
    private boolean closed;
    private boolean probesRemoved;

    private final Object ringLock = new Object();
    private RingBuffer ring;
    private boolean draining;
    private long finalLost;

    private UprobeRecorder(long ringBytes, long stopThreshold, int pmuType, int ringFd, int lostFd, RingBuffer ring) {
        this.ringBytes = ringBytes;
        this.stopThreshold = stopThreshold;
        this.pmuType = pmuType;
        this.ringFd = ringFd;
        this.lostFd = lostFd;
        this.ring = ring;
    }

    /** A recorder whose programs stop a hitting thread once more than half the ring is unconsumed. */
    public static UprobeRecorder open(long ringBytes) {
        return open(ringBytes, ringBytes / 2);
    }

    /**
     * Creates the ring buffer and the lost-record counter and maps the ring.
     *
     * @param ringBytes the ring's data size: a power of two, a multiple of the page size, at most 1 GiB
     * @param stopThreshold unconsumed bytes above which a hitting thread is sent SIGSTOP (see the class comment);
     *     0..ringBytes, where ringBytes disables it
     * @throws IllegalArgumentException for a bad size or threshold
     * @throws UprobeException when the kernel refuses (not root, no BPF ring buffers, no uprobe PMU)
     */
    public static UprobeRecorder open(long ringBytes, long stopThreshold) {
        int page = KernelCalls.getpagesize();
        if (ringBytes < page || ringBytes > 1L << 30 || Long.bitCount(ringBytes) != 1) {
            throw new IllegalArgumentException("ringBytes must be a power of two from the page size (" + page
                    + ") to 1 GiB: " + ringBytes);
        }
        if (stopThreshold < 0 || stopThreshold > ringBytes) {
            throw new IllegalArgumentException("stopThreshold must be in 0..ringBytes (" + ringBytes + "): "
                    + stopThreshold);
        }
        int pmuType = PerfUprobe.pmuType();
        int ringFd = Bpf.createMap(Bpf.BPF_MAP_TYPE_RINGBUF, 0, 0, (int) ringBytes, "tinydbg_ring");
        int lostFd = -1;
        try {
            lostFd = Bpf.createMap(Bpf.BPF_MAP_TYPE_ARRAY, 4, U64, 1, "tinydbg_lost");
            return new UprobeRecorder(ringBytes, stopThreshold, pmuType, ringFd, lostFd,
                    RingBuffer.map(ringFd, ringBytes));
        } catch (RuntimeException e) {
            if (lostFd >= 0) {
                KernelCalls.close(lostFd);
            }
            KernelCalls.close(ringFd);
            throw e;
        }
    }

    /**
     * Loads {@code spec}'s program and puts a uprobe on {@code file} at {@code fileOffset}, recording from now on.
     * The offset must be the first byte of an instruction (see {@link UprobeAddress#fileOffset}); a probe in the
     * middle of one corrupts the code of every process that maps the file.
     *
     * @throws UprobeException when the file is not an ELF file, the offset is not in its executable code, the
     *     probe's records would take more than a quarter of the ring, or the kernel refuses the program or the
     *     probe (the message names the call, the errno, the file and offset)
     * @throws IllegalStateException when the recorder is closed
     */
    public void addProbe(Path file, long fileOffset, ProbeSpec spec) {
        String where = file + " at file offset 0x" + Long.toHexString(fileOffset);
        synchronized (probeLock) {
            if (closed || probesRemoved) {
                throw new IllegalStateException(closed ? "recorder closed" : "probes removed");
            }
            // the back-pressure stop comes at half full: a few records must still fit after it
            if (spec.recordBytes() + RingBuffer.HEADER_BYTES > ringBytes / 4) {
                throw new UprobeException("records of " + spec.recordBytes() + " bytes are too large for a ring of "
                        + ringBytes + " bytes (probe " + spec.id() + " for " + where + ")");
            }
            UprobeAddress.checkExecutable(file, fileOffset);
            byte[] code = ProbeProgram.assemble(spec, ringFd, lostFd, stopThreshold);
            String purpose = "program of probe " + spec.id() + " for " + where;
            if (links && addLinked(file, fileOffset, spec, code, purpose, where)) {
                return;
            }
            int prog = Bpf.loadProgram(Bpf.BPF_PROG_TYPE_KPROBE, 0, code, "tinydbg_probe", purpose);
            try {
                eventFds.add(PerfUprobe.open(pmuType, file, fileOffset, prog));
            } catch (RuntimeException e) {
                KernelCalls.close(prog);
                throw e;
            }
            programFds.add(prog);
        }
    }

    /**
     * Attaches the probes added from now on with perf events of the uprobe PMU, as on kernels before 6.6 (which
     * have no uprobe_multi links): the int3 then goes into every process that maps the file, and the programs'
     * tgid test keeps other processes' hits out. Returns this recorder.
     */
    UprobeRecorder withPerfEvents() {
        synchronized (probeLock) {
            links = false;
        }
        return this;
    }

    /**
     * Attaches through a uprobe_multi link limited to the probe's process (Linux 6.6 and later), so that other
     * processes running the same file keep their code untouched. False, and perf events from then on, when this
     * kernel has no such links.
     */
    private boolean addLinked(Path file, long fileOffset, ProbeSpec spec, byte[] code, String purpose, String where) {
        int prog;
        try {
            prog = Bpf.loadProgram(Bpf.BPF_PROG_TYPE_KPROBE, Bpf.BPF_TRACE_UPROBE_MULTI, code, "tinydbg_probe",
                    purpose);
        } catch (UprobeException e) {
            links = false; // an older kernel does not know the attach type
            return false;
        }
        try {
            eventFds.add(Bpf.linkUprobe(prog, file, fileOffset, spec.tgid(), "uprobe on " + where));
            programFds.add(prog);
            return true;
        } catch (UprobeException e) {
            KernelCalls.close(prog);
            if (e.errno() == EINVAL || e.errno() == EOPNOTSUPP || e.errno() == ENOTSUPP) {
                links = false;
                return false;
            }
            throw e;
        }
    }

    private static final int EINVAL = 22;
    private static final int EOPNOTSUPP = 95;
    /** The kernel-internal "operation not supported" some BPF paths return. */
    private static final int ENOTSUPP = 524;

    /**
     * Hands the handler every record committed when the call began, in order, stopping early at a record still
     * being written; discarded records are skipped. The consumer position moves past each record as its call
     * returns (or throws: the exception propagates, the record is consumed). Returns the number of records handed
     * over; 0 once the recorder is closed.
     */
    public int drain(RecordHandler handler) {
        synchronized (ringLock) {
            if (ring == null || draining) {
                return 0; // closed, or called again from inside a handler
            }
            draining = true;
            try {
                return ring.consume(flyweight, handler);
            } finally {
                draining = false;
                if (isClosed()) {
                    releaseRing();
                }
            }
        }
    }

    /** Records dropped because the ring was full when a probe fired (the value at close once closed). */
    public long lost() {
        synchronized (ringLock) {
            return ring == null ? finalLost : Bpf.lookupU64(lostFd, 0);
        }
    }

    /** Bytes written to the ring and not consumed yet; 0 once closed. */
    public long pending() {
        synchronized (ringLock) {
            return ring == null ? 0 : ring.pending();
        }
    }

    /** The ring's data size. */
    public long ringBytes() {
        return ringBytes;
    }

    /** Unconsumed bytes above which a hitting thread is sent SIGSTOP. */
    public long stopThreshold() {
        return stopThreshold;
    }

    private boolean isClosed() {
        synchronized (probeLock) {
            return closed;
        }
    }

    /**
     * Closes the links or perf events first, which removes the uprobes, then the programs; then, once
     * no drain is running, unmaps the ring and closes the maps. Records not drained are lost. Idempotent.
     */
    @Override
    public void close() {
        synchronized (probeLock) {
            if (closed) {
                return;
            }
            closed = true;
            removeProbesLocked();
        }
        synchronized (ringLock) {
            if (!draining) {
                releaseRing();
            }
        }
    }

    /**
     * Removes every probe (the kernel takes their int3s out of the processes) but keeps the ring, so that what
     * they recorded can still be drained. No probe can be added afterwards.
     */
    public void removeProbes() {
        synchronized (probeLock) {
            if (!closed) {
                removeProbesLocked();
                probesRemoved = true;
            }
        }
    }

    private void removeProbesLocked() {
        for (int fd : eventFds) {
            KernelCalls.close(fd);
        }
        for (int fd : programFds) {
            KernelCalls.close(fd);
        }
        eventFds.clear();
        programFds.clear();
    }

    private void releaseRing() {
        if (ring == null) {
            return;
        }
        finalLost = Bpf.lookupU64(lostFd, 0);
        ring.unmap();
        ring = null;
        KernelCalls.close(lostFd);
        KernelCalls.close(ringFd);
    }
}
