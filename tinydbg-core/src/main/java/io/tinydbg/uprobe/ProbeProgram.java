package io.tinydbg.uprobe;

import static io.tinydbg.uprobe.BpfAssembler.DW;
import static io.tinydbg.uprobe.BpfAssembler.JEQ;
import static io.tinydbg.uprobe.BpfAssembler.JGE;
import static io.tinydbg.uprobe.BpfAssembler.JLE;
import static io.tinydbg.uprobe.BpfAssembler.JNE;
import static io.tinydbg.uprobe.BpfAssembler.R10;
import static io.tinydbg.uprobe.BpfAssembler.W;

/**
 * Assembles the eBPF program of one probe: the instructions that run in the kernel at every hit of the probed
 * address, in any process, and write one {@link UprobeRecord} per hit of the recorded process into the ring.
 *
 * <p>Registers: r1 is the hit's {@code struct pt_regs} on entry and r6 keeps it; r7 holds the reserved record; r8
 * holds {@code pid_tgid}, later {@code m}, later a deref's page remainder; r9 accumulates the record's flags. Helper calls clobber r1-r5 only.
 */
final class ProbeProgram {
    // helper function numbers (enum bpf_func_id)
    private static final int MAP_LOOKUP_ELEM = 1;
    private static final int KTIME_GET_NS = 5;
    private static final int GET_CURRENT_PID_TGID = 14;
    private static final int PROBE_READ_USER = 112;
    private static final int SEND_SIGNAL_THREAD = 117;
    private static final int RINGBUF_RESERVE = 131;
    private static final int RINGBUF_SUBMIT = 132;
    private static final int RINGBUF_QUERY = 134;
    /** bpf_ringbuf_query's flag for "bytes produced and not yet consumed". */
    private static final int RB_AVAIL_DATA = 0;
    private static final int SIGSTOP = 19;

    private static final int CTX = 6;
    private static final int REC = 7;
    private static final int SAVED = 8;
    private static final int FLAGS = 9;

    /** Offset of g.stack.hi: g starts with its stack bounds, {lo, hi}. */
    private static final int G_STACK_HI = 8;

    private ProbeProgram() {
    }

    /**
     * The program for {@code spec}.
     *
     * @param ringFd the BPF_MAP_TYPE_RINGBUF map records go to
     * @param lostFd the one-entry u64 array counting records dropped for want of ring space
     * @param stopThreshold when more than this many bytes are unconsumed after a record is submitted, the hitting
     *     thread is sent SIGSTOP
     */
    static byte[] assemble(ProbeSpec spec, int ringFd, int lostFd, long stopThreshold) {
        BpfAssembler a = new BpfAssembler();
        a.mov(CTX, 1);

        // Every process that maps the file hits the probe; only the recorded one writes records.
        a.call(GET_CURRENT_PID_TGID);
        a.mov(SAVED, 0);
        a.rshImm(0, 32);
        int otherProcess = a.jumpImm(JNE, 0, spec.tgid());

        a.loadMap(1, ringFd);
        a.movImm(2, spec.recordBytes());
        a.movImm(3, 0);
        a.call(RINGBUF_RESERVE);
        int reserved = a.jumpImm(JNE, 0, 0);

        // The ring is full: count the record as lost (lookup of key 0, then an atomic add) and give up.
        a.storeImm(W, R10, -4, 0);
        a.loadMap(1, lostFd);
        a.mov(2, R10);
        a.addImm(2, -4);
        a.call(MAP_LOOKUP_ELEM);
        int noCounter = a.jumpImm(JEQ, 0, 0);
        a.movImm(1, 1);
        a.atomicAdd64(0, 0, 1);
        int lostDone = a.jump();

        a.land(reserved);
        a.mov(REC, 0);
        a.movImm(FLAGS, (spec.isGo() ? RecordLayout.FLAG_G_OK : 0) | RecordLayout.FLAG_WINDOW_OK
                | spec.stackBelow() << RecordLayout.FLAGS_STACK_BELOW_SHIFT);
        a.storeImm(W, REC, RecordLayout.PROBE_ID, spec.id());
        a.store(DW, REC, RecordLayout.PID_TGID, SAVED);
        a.call(KTIME_GET_NS);
        a.store(DW, REC, RecordLayout.TIME, 0);
        for (int i = 0; i < RecordLayout.REG_COUNT; i++) {
            a.load(DW, 1, CTX, i * 8);
            a.store(DW, REC, RecordLayout.REGS + i * 8, 1);
        }
        if (spec.isGo()) {
            goFields(a, spec);
        } else {
            a.storeImm(DW, REC, RecordLayout.RAW_GOID, 0);
            a.storeImm(DW, REC, RecordLayout.STACK_HI, 0);
            a.storeImm(DW, REC, RecordLayout.GOROUTINE, 0);
        }
        if (spec.windowBytes() > 0) {
            a.mov(1, REC);
            a.addImm(1, RecordLayout.WINDOW);
            a.movImm(2, spec.windowBytes());
            a.load(DW, 3, CTX, RecordLayout.RSP * 8);
            a.addImm(3, -spec.stackBelow());
            a.call(PROBE_READ_USER);
            int windowOk = a.jumpImm(JEQ, 0, 0);
            a.andImm(FLAGS, ~RecordLayout.FLAG_WINDOW_OK);
            a.land(windowOk);
        }
        a.storeImm(W, REC, RecordLayout.WINDOW_BYTES, spec.windowBytes());
        a.storeImm(W, REC, RecordLayout.DEREF_COUNT, spec.derefs().size());
        int at = RecordLayout.WINDOW + spec.windowBytes();
        for (ProbeSpec.Deref d : spec.derefs()) {
            deref(a, d, at, RecordLayout.WINDOW + spec.stackBelow());
            at += d.recordBytes();
        }
        a.store(W, REC, RecordLayout.FLAGS, FLAGS);
        a.mov(1, REC);
        a.movImm(2, 0);
        a.call(RINGBUF_SUBMIT);

        // A deref faulted: stop the thread now, so that the tracer reads the rest from it before it runs on.
        int live = -1;
        if (!spec.derefs().isEmpty()) {
            a.mov(1, FLAGS);
            a.andImm(1, RecordLayout.FLAG_LIVE);
            int noFault = a.jumpImm(JEQ, 1, 0);
            a.movImm(1, SIGSTOP);
            a.call(SEND_SIGNAL_THREAD);
            live = a.jump();
            a.land(noFault);
        }

        // Back-pressure: past the threshold, stop the hitting thread before it runs on. Its tracer sees a SIGSTOP
        // with si_code SI_KERNEL, drains the ring and resumes it without delivering the signal.
        a.loadMap(1, ringFd);
        a.movImm(2, RB_AVAIL_DATA);
        a.call(RINGBUF_QUERY);
        a.loadImm64(1, stopThreshold);
        int roomLeft = a.jumpReg(JLE, 0, 1);
        a.movImm(1, SIGSTOP);
        a.call(SEND_SIGNAL_THREAD);

        a.land(otherProcess);
        a.land(noCounter);
        a.land(lostDone);
        a.land(roomLeft);
        if (live >= 0) {
            a.land(live);
        }
        a.movImm(0, 0);
        a.exit();
        return a.bytes();
    }

    /**
     * Copies one deref region to record offset {@code at}: its address, then {@code length} bytes from it. When that
     * faults, copies what lies before the end of the address's page (the verifier sees that size bounded by the
     * length) and sets {@link RecordLayout#FLAG_LIVE}; the header says how many bytes were copied. The region is
     * reached through r4 = record + at, recomputed after each helper call: instruction offsets are 16-bit, and a
     * record with many regions is longer than that.
     */
    private static void deref(BpfAssembler a, ProbeSpec.Deref d, int at, int rspInRecord) {
        if (d.fromStack()) {
            a.load(DW, 3, REC, rspInRecord + d.where()); // inside the window: within the first 9 KiB
        } else {
            a.load(DW, 3, CTX, d.where() * 8);
        }
        region(a, at);
        a.store(DW, 4, 0, 3);
        a.storeImm(W, 4, RecordLayout.DEREF_LENGTH, d.length());
        // nil (an empty string or slice): nothing to copy, and nothing a tracer could read there either
        a.storeImm(W, 4, RecordLayout.DEREF_COPIED, 0);
        int nil = a.jumpImm(JEQ, 3, 0);
        a.storeImm(W, 4, RecordLayout.DEREF_COPIED, d.length());
        a.mov(1, 4);
        a.addImm(1, RecordLayout.DEREF_HEADER);
        a.movImm(2, d.length());
        a.call(PROBE_READ_USER);
        int copied = a.jumpImm(JEQ, 0, 0);

        // SAVED = bytes from the address to the end of its page, in 1..4096
        region(a, at);
        a.load(DW, 3, 4, 0);
        a.mov(SAVED, 3);
        a.andImm(SAVED, 4095);
        a.movImm(2, 4096);
        a.sub(2, SAVED);
        a.mov(SAVED, 2);
        int nothing = a.jumpImm(JGE, SAVED, d.length());
        a.mov(1, 4);
        a.addImm(1, RecordLayout.DEREF_HEADER);
        a.mov(2, SAVED);
        a.call(PROBE_READ_USER);
        int partFailed = a.jumpImm(JNE, 0, 0);
        region(a, at);
        a.store(W, 4, RecordLayout.DEREF_COPIED, SAVED);
        int partCopied = a.jump();
        a.land(nothing);
        a.land(partFailed);
        region(a, at);
        a.storeImm(W, 4, RecordLayout.DEREF_COPIED, 0);
        a.land(partCopied);
        a.orImm(FLAGS, RecordLayout.FLAG_LIVE);
        a.land(copied);
        a.land(nil);
    }

    /** r4 = the record + {@code at}. */
    private static void region(BpfAssembler a, int at) {
        a.mov(4, REC);
        a.addImm(4, at);
    }

    /**
     * Reads g.goid, g.stack.hi and the resolved goroutine id into the record with bpf_probe_read_user, which zeroes
     * its destination when the read faults; any fault clears {@link RecordLayout#FLAG_G_OK}. The record's goroutine
     * slot doubles as scratch space for the pointers read on the way.
     */
    private static void goFields(BpfAssembler a, ProbeSpec spec) {
        readUser(a, RecordLayout.RAW_GOID, () -> gPlus(a, (int) spec.goidOffset()));
        int rawFailed = a.jumpImm(JNE, 0, 0);
        readUser(a, RecordLayout.STACK_HI, () -> gPlus(a, G_STACK_HI));
        int hiFailed = a.jumpImm(JNE, 0, 0);
        if (!spec.resolvesSystemStack()) {
            int done = a.jump();
            a.land(rawFailed);
            a.land(hiFailed);
            a.andImm(FLAGS, ~RecordLayout.FLAG_G_OK);
            a.land(done);
            copyRawGoid(a);
            return;
        }
        a.load(DW, 1, REC, RecordLayout.RAW_GOID);
        int ownGoroutine = a.jumpImm(JNE, 1, 0);
        // goid 0: the thread may be on m.g0, working for m.curg.
        readUser(a, RecordLayout.GOROUTINE, () -> gPlus(a, (int) spec.mOffset()));
        int mFailed = a.jumpImm(JNE, 0, 0);
        a.load(DW, SAVED, REC, RecordLayout.GOROUTINE);
        readUser(a, RecordLayout.GOROUTINE, () -> {
            a.mov(3, SAVED);
            a.addImm(3, (int) spec.g0Offset());
        });
        int g0Failed = a.jumpImm(JNE, 0, 0);
        a.load(DW, 1, REC, RecordLayout.GOROUTINE);
        a.load(DW, 2, CTX, RecordLayout.R14 * 8);
        int notG0 = a.jumpReg(JNE, 1, 2);
        readUser(a, RecordLayout.GOROUTINE, () -> {
            a.mov(3, SAVED);
            a.addImm(3, (int) spec.curgOffset());
        });
        int curgFailed = a.jumpImm(JNE, 0, 0);
        a.load(DW, 3, REC, RecordLayout.GOROUTINE);
        int noCurg = a.jumpImm(JEQ, 3, 0); // the slot already holds the 0 this case reports
        a.addImm(3, (int) spec.goidOffset());
        a.mov(1, REC);
        a.addImm(1, RecordLayout.GOROUTINE);
        a.movImm(2, 8);
        a.call(PROBE_READ_USER);
        int resolved = a.jumpImm(JEQ, 0, 0);

        a.land(rawFailed);
        a.land(hiFailed);
        a.land(mFailed);
        a.land(g0Failed);
        a.land(curgFailed);
        a.andImm(FLAGS, ~RecordLayout.FLAG_G_OK);
        a.land(ownGoroutine);
        a.land(notG0);
        copyRawGoid(a);
        a.land(noCurg);
        a.land(resolved);
    }

    /** bpf_probe_read_user(rec + field, 8, r3), with r3 set by {@code address}; leaves the result in r0. */
    private static void readUser(BpfAssembler a, int field, Runnable address) {
        address.run();
        a.mov(1, REC);
        a.addImm(1, field);
        a.movImm(2, 8);
        a.call(PROBE_READ_USER);
    }

    /** r3 = g + off, g being r14 at the hit. */
    private static void gPlus(BpfAssembler a, int off) {
        a.load(DW, 3, CTX, RecordLayout.R14 * 8);
        a.addImm(3, off);
    }

    private static void copyRawGoid(BpfAssembler a) {
        a.load(DW, 1, REC, RecordLayout.RAW_GOID);
        a.store(DW, REC, RecordLayout.GOROUTINE, 1);
    }
}
