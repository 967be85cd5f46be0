package io.tinydbg.uprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The recorder against the real kernel and the uprobed fixture: records of a work(a, b) function's entry and RET,
 * compared with what the fixture computes and with nm and objdump; the tgid filter; lost records; the SIGSTOP of
 * the back-pressure contract as a ptrace tracer sees it; removal of the uprobes at close.
 */
class UprobeRecorderTest {
    private static final int USER_REGS_SIZE = 27;
    private static final int RSI = 13;
    private static final int RDI = 14;
    private static final int RAX = 10;

    /** What a test keeps of a record once its handler call has returned. */
    private record Hit(int probeId, int tid, int tgid, long time, long[] regs, boolean gOk, long rawGoid,
                       long goroutine, boolean windowOk, long windowStart, byte[] window, long atRsp) {
        static Hit of(UprobeRecord r) {
            long[] regs = new long[USER_REGS_SIZE];
            r.copyRegisters(regs);
            return new Hit(r.probeId(), r.tid(), r.tgid(), r.monotonicNanos(), regs, r.goroutineReadOk(),
                    r.rawGoid(), r.goroutineId(), r.stackWindowOk(), r.windowStart(), r.window(),
                    r.windowLength() > r.stackBelow() ? r.windowWord(r.stackBelow()) : 0);
        }

        long word(int offset) {
            return ByteBuffer.wrap(window).order(ByteOrder.LITTLE_ENDIAN).getLong(offset);
        }
    }

    @BeforeAll
    static void uprobesWork() {
        UprobeSupport.unavailableReason().ifPresent(r -> fail("uprobe recording unavailable: " + r));
    }

    private static List<Hit> drainAll(UprobeRecorder rec) {
        List<Hit> hits = new ArrayList<>();
        rec.drain(r -> hits.add(Hit.of(r)));
        return hits;
    }

    /** With uprobe_multi links (the default) and with perf events (the fallback for kernels before 6.6). */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void entryAndRetRecordsCarryArgumentsResultsRipAndStackOfTheTracedProcessOnly(boolean links) throws Exception {
        int n = 1000;
        Path bin = UprobeTarget.binary();
        long work = UprobeTarget.symbol("work");
        List<Long> rets = UprobeTarget.instructions("work", "ret");
        assertThat(rets).hasSize(1);
        long ret = rets.get(0);
        long returnSite = UprobeTarget.returnSite("run", "work");
        List<Hit> hits;
        long before;
        long after;
        try (UprobeTarget t = UprobeTarget.start("calls", Integer.toString(n));
                UprobeRecorder rec = links ? UprobeRecorder.open(1 << 20, 1 << 20)
                        : UprobeRecorder.open(1 << 20, 1 << 20).withPerfEvents()) {
            long bias = t.loadBias();
            rec.addProbe(bin, UprobeAddress.fileOffset(bin, work), ProbeSpec.nativeCode(1, t.pid(), 16, 32));
            rec.addProbe(bin, UprobeAddress.fileOffset(bin, ret), ProbeSpec.nativeCode(2, t.pid(), 16, 32));
            before = System.nanoTime();
            t.go();
            assertThat(t.stdout.readLine()).isEqualTo(Long.toString(10L * n * (n - 1) / 2 + n));
            assertThat(t.awaitExit()).isZero();
            after = System.nanoTime();
            assertThat(rec.pending()).isPositive();
            hits = drainAll(rec);
            assertThat(rec.pending()).isZero();
            assertThat(rec.lost()).isZero();
            assertThat(drainAll(rec)).isEmpty();

            // The forked child called work n times too, with k = 11: none of its hits is here.
            assertThat(hits).hasSize(2 * n);
            for (int i = 0; i < n; i++) {
                Hit entry = hits.get(2 * i);
                Hit exit = hits.get(2 * i + 1);
                assertThat(entry.probeId()).isEqualTo(1);
                assertThat(exit.probeId()).isEqualTo(2);
                for (Hit h : List.of(entry, exit)) {
                    assertThat(h.tid()).isEqualTo(t.pid());
                    assertThat(h.tgid()).isEqualTo(t.pid());
                    assertThat(h.gOk()).isFalse();
                    assertThat(h.rawGoid()).isZero();
                    assertThat(h.goroutine()).isZero();
                    assertThat(h.windowOk()).isTrue();
                    assertThat(h.window()).hasSize(48);
                    assertThat(h.windowStart()).isEqualTo(h.regs()[UprobeRecord.RSP] - 16);
                    assertThat(h.word(16)).as("[rsp], the return address").isEqualTo(bias + returnSite);
                    assertThat(h.atRsp()).isEqualTo(bias + returnSite);
                    assertThat(h.time()).isBetween(before, after);
                    assertThat(h.regs()[21]).as("beyond the 21 registers").isZero();
                }
                assertThat(entry.regs()[RDI]).isEqualTo(i);
                assertThat(entry.regs()[RSI]).isEqualTo(7L * i + 1);
                assertThat(entry.regs()[UprobeRecord.RIP]).isEqualTo(bias + work);
                assertThat(exit.regs()[RAX]).isEqualTo(10L * i + 1);
                assertThat(exit.regs()[UprobeRecord.RIP]).isEqualTo(bias + ret);
                // push rbp at the entry, pop rbp before the ret: the same rsp at both
                assertThat(exit.regs()[UprobeRecord.RSP]).isEqualTo(entry.regs()[UprobeRecord.RSP]);
                assertThat(exit.time()).isGreaterThanOrEqualTo(entry.time());
            }
        }
    }

    @Test
    void aFullRingCountsLostRecordsAndEveryHitIsEitherRecordedOrLost() throws Exception {
        int n = 100;
        Path bin = UprobeTarget.binary();
        try (UprobeTarget t = UprobeTarget.start("calls", Integer.toString(n));
                UprobeRecorder rec = UprobeRecorder.open(4096, 4096)) {
            rec.addProbe(bin, UprobeAddress.fileOffset(bin, UprobeTarget.symbol("work")),
                    ProbeSpec.nativeCode(9, t.pid(), 0, 0));
            t.go();
            assertThat(t.awaitExit()).isZero();
            List<Hit> hits = drainAll(rec);
            assertThat(rec.lost()).isPositive();
            assertThat(hits.size() + rec.lost()).isEqualTo(n);
            for (int i = 0; i < hits.size(); i++) {
                assertThat(hits.get(i).regs()[RDI]).isEqualTo(i); // the first ones, in order
                assertThat(hits.get(i).window()).isEmpty();
                assertThat(hits.get(i).windowOk()).isTrue();
            }
            rec.close();
            assertThat(rec.lost()).as("kept after close").isEqualTo(n - hits.size());
        }
    }

    @Test
    void drainingWhileTheProcessRunsSeesCompleteRecordsInOrder() throws Exception {
        int n = 20000;
        Path bin = UprobeTarget.binary();
        try (UprobeTarget t = UprobeTarget.start("calls", Integer.toString(n));
                UprobeRecorder rec = UprobeRecorder.open(1 << 16, 1 << 16)) {
            rec.addProbe(bin, UprobeAddress.fileOffset(bin, UprobeTarget.symbol("work")),
                    ProbeSpec.nativeCode(1, t.pid(), 0, 8));
            List<Long> firsts = new ArrayList<>();
            long[] drained = {0};
            RecordHandler check = r -> {
                long i = r.register(RDI);
                assertThat(r.register(RSI)).isEqualTo(7 * i + 1);
                firsts.add(i);
                drained[0]++;
            };
            t.go();
            while (t.process.isAlive()) {
                rec.drain(check); // racing the producer: busy records end a drain, the next one takes them
            }
            assertThat(t.awaitExit()).isZero();
            rec.drain(check);
            assertThat(drained[0] + rec.lost()).isEqualTo(n);
            assertThat(firsts).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void pastTheThresholdTheHittingThreadGetsASigstopItsTracerSeesAsSentByTheKernel() throws Exception {
        int n = 5;
        Path bin = UprobeTarget.binary();
        try (UprobeTarget t = UprobeTarget.start("stop", Integer.toString(n));
                UprobeRecorder rec = UprobeRecorder.open(1 << 16, 0)) {
            int child = Integer.parseInt(t.stdout.readLine());
            rec.addProbe(bin, UprobeAddress.fileOffset(bin, UprobeTarget.symbol("work")),
                    ProbeSpec.nativeCode(3, child, 0, 8));
            t.go();
            // the fixture traces its child and suppresses every SIGSTOP, as the real tracer does after draining
            assertThat(t.stdout.readLine()).isEqualTo("stops " + n + " kernel " + n + " exit 0");
            assertThat(t.awaitExit()).isZero();
            List<Hit> hits = drainAll(rec);
            assertThat(hits).hasSize(n);
            assertThat(hits).allSatisfy(h -> assertThat(h.tgid()).isEqualTo(child));
            assertThat(hits).extracting(h -> h.regs()[RSI]).containsExactly(1L, 14L, 27L, 40L, 53L);
        }
    }

    /**
     * Derefs copy memory one pointer away: from a register (rsp: the return address and what follows) and from a
     * stack slot ([rsp], the return address: the code after the call, compared with the file).
     */
    @Test
    void derefsCopyMemoryAtAnAddressInARegisterOrAStackSlot() throws Exception {
        int n = 3;
        Path bin = UprobeTarget.binary();
        long returnSite = UprobeTarget.returnSite("run", "work");
        byte[] code = java.util.Arrays.copyOfRange(java.nio.file.Files.readAllBytes(bin),
                (int) UprobeAddress.fileOffset(bin, returnSite), (int) UprobeAddress.fileOffset(bin, returnSite) + 6);
        try (UprobeTarget t = UprobeTarget.start("calls", Integer.toString(n));
                UprobeRecorder rec = UprobeRecorder.open(1 << 16, 1 << 16)) {
            long bias = t.loadBias();
            rec.addProbe(bin, UprobeAddress.fileOffset(bin, UprobeTarget.symbol("work")),
                    ProbeSpec.nativeCode(1, t.pid(), 0, 8).withDerefs(List.of(
                            new ProbeSpec.Deref(false, UprobeRecord.RSP, 12), new ProbeSpec.Deref(true, 0, 6))));
            t.go();
            assertThat(t.awaitExit()).isZero();
            List<byte[][]> regions = new ArrayList<>();
            List<long[]> addresses = new ArrayList<>();
            rec.drain(r -> {
                assertThat(r.derefCount()).isEqualTo(2);
                assertThat(r.liveReadsAllowed()).isFalse();
                assertThat(r.derefLength(0)).isEqualTo(12);
                assertThat(r.derefLength(1)).isEqualTo(6);
                regions.add(new byte[][] {r.derefBytes(0), r.derefBytes(1)});
                addresses.add(new long[] {r.derefAddress(0), r.derefAddress(1), r.register(UprobeRecord.RSP)});
                assertThatThrownBy(() -> r.derefAddress(2)).isInstanceOf(IndexOutOfBoundsException.class);
            });
            assertThat(regions).hasSize(n);
            for (int i = 0; i < n; i++) {
                assertThat(addresses.get(i)[0]).isEqualTo(addresses.get(i)[2]);
                assertThat(addresses.get(i)[1]).isEqualTo(bias + returnSite);
                assertThat(ByteBuffer.wrap(regions.get(i)[0]).order(ByteOrder.LITTLE_ENDIAN).getLong())
                        .as("[rsp] through rsp").isEqualTo(bias + returnSite);
                assertThat(regions.get(i)[1]).as("the code at the return address").isEqualTo(code);
            }
        }
    }

    /** The largest probe a spec allows (both windows and every deref at their limits) loads and records. */
    @Test
    void theLargestProbeLoadsAndRecords() throws Exception {
        Path bin = UprobeTarget.binary();
        List<ProbeSpec.Deref> derefs = new ArrayList<>();
        for (int i = 0; i < ProbeSpec.MAX_DEREFS; i++) {
            derefs.add(i % 2 == 0 ? new ProbeSpec.Deref(false, UprobeRecord.RSP, ProbeSpec.Deref.MAX_LENGTH)
                    : new ProbeSpec.Deref(true, 0, ProbeSpec.Deref.MAX_LENGTH));
        }
        ProbeSpec spec = ProbeSpec.nativeCode(1, 1, ProbeSpec.MAX_STACK_SIDE, ProbeSpec.MAX_STACK_SIDE);
        // 4 KiB from rsp or from the return address may run off the stack or the text and fault, which stops the
        // thread: the fixture's child, whose tracer (the fixture) resumes it
        try (UprobeTarget t = UprobeTarget.start("stop", "2");
                UprobeRecorder rec = UprobeRecorder.open(1 << 20, 1 << 20)) {
            int child = Integer.parseInt(t.stdout.readLine());
            rec.addProbe(bin, UprobeAddress.fileOffset(bin, UprobeTarget.symbol("work")),
                    ProbeSpec.nativeCode(1, child, spec.stackBelow(), spec.stackAbove()).withDerefs(derefs));
            t.go();
            assertThat(t.stdout.readLine()).startsWith("stops ").endsWith(" exit 0");
            assertThat(t.awaitExit()).isZero();
            List<Integer> regions = new ArrayList<>();
            rec.drain(r -> {
                assertThat(r.windowLength()).isEqualTo(2 * ProbeSpec.MAX_STACK_SIDE);
                regions.add(r.derefCount());
                // the stack above rsp: the copy from rsp and the copy from [rsp] both succeed or fault whole
                assertThat(r.derefAddress(0)).isEqualTo(r.register(UprobeRecord.RSP));
            });
            assertThat(regions).containsExactly(ProbeSpec.MAX_DEREFS, ProbeSpec.MAX_DEREFS);
        }
    }

    /**
     * A deref that faults: a nil pointer copies nothing and needs nothing; a pointer into unmapped memory marks the
     * record and stops the thread (its tracer sees SIGSTOP from the kernel), so the rest can be read from it; a
     * region running off the end of its page keeps the bytes up to there.
     */
    @Test
    void aFaultingDerefStopsTheThreadAndKeepsWhatItsPageHeld() throws Exception {
        // work(i, ...) for i in 0..3: rdi = 0 is nil, 1..3 point into the unmapped first page
        assertThat(faultingDeref("stop", 4, 8, "stops 3 kernel 3 exit 0",
                r -> r.derefAddress(0) + ":" + r.derefBytes(0).length + ":" + r.liveReadsAllowed()))
                .containsExactly("0:0:false", "1:0:true", "2:0:true", "3:0:true");
        // work(p, 7), p at "tinydbg", the last 7 bytes before an unmapped page
        assertThat(faultingDeref("edge", 1, 64, "stops 1 kernel 1 exit 0",
                r -> (r.derefAddress(0) & 4095) + ":" + new String(r.derefBytes(0),
                        java.nio.charset.StandardCharsets.US_ASCII) + ":" + r.liveReadsAllowed()))
                .containsExactly((4096 - 7) + ":tinydbg:true");
    }

    /**
     * Runs the fixture in {@code mode} (its child traced by the fixture, which counts the SIGSTOPs it gets) with a
     * deref of {@code length} bytes at rdi on work's entry; returns each record as {@code describe} puts it.
     */
    private static List<String> faultingDeref(String mode, int n, int length, String stops,
            java.util.function.Function<UprobeRecord, String> describe) throws Exception {
        Path bin = UprobeTarget.binary();
        try (UprobeTarget t = UprobeTarget.start(mode, Integer.toString(n));
                UprobeRecorder rec = UprobeRecorder.open(1 << 16, 1 << 16)) {
            int child = Integer.parseInt(t.stdout.readLine());
            rec.addProbe(bin, UprobeAddress.fileOffset(bin, UprobeTarget.symbol("work")), ProbeSpec.nativeCode(3,
                    child, 0, 0).withDerefs(List.of(new ProbeSpec.Deref(false, RDI, length))));
            t.go();
            assertThat(t.stdout.readLine()).isEqualTo(stops);
            assertThat(t.awaitExit()).isZero();
            List<String> seen = new ArrayList<>();
            rec.drain(r -> seen.add(describe.apply(r)));
            return seen;
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void closeRemovesTheUprobesFromTheProcessAndIsIdempotent(boolean links) throws Exception {
        int n = 10;
        Path bin = UprobeTarget.binary();
        long work = UprobeTarget.symbol("work");
        try (UprobeTarget t = UprobeTarget.start("calls", Integer.toString(n))) {
            long address = t.loadBias() + work;
            int original = t.byteAt(address);
            UprobeRecorder rec = links ? UprobeRecorder.open(1 << 16, 1 << 16)
                    : UprobeRecorder.open(1 << 16, 1 << 16).withPerfEvents();
            rec.addProbe(bin, UprobeAddress.fileOffset(bin, work), ProbeSpec.nativeCode(1, t.pid(), 0, 0));
            assertThat(t.byteAt(address)).as("int3 in place").isEqualTo(0xcc);
            rec.close();
            assertThat(t.byteAt(address)).as("original byte back").isEqualTo(original);
            rec.close();
            assertThat(rec.drain(r -> fail("no record after close"))).isZero();
            assertThat(rec.pending()).isZero();
            assertThat(rec.lost()).isZero();
            assertThatThrownBy(() -> rec.addProbe(bin, UprobeAddress.fileOffset(bin, work),
                    ProbeSpec.nativeCode(1, t.pid(), 0, 0))).isInstanceOf(IllegalStateException.class);
            t.go();
            assertThat(t.stdout.readLine()).isEqualTo(Long.toString(10L * n * (n - 1) / 2 + n));
            assertThat(t.awaitExit()).isZero();
        }
    }

    /** removeProbes takes the int3s out but keeps what was recorded for draining; no probe can be added after. */
    @Test
    void removingTheProbesKeepsTheRecordsForDraining() throws Exception {
        int n = 10;
        Path bin = UprobeTarget.binary();
        long work = UprobeTarget.symbol("work");
        try (UprobeTarget t = UprobeTarget.start("calls", Integer.toString(n));
                UprobeRecorder rec = UprobeRecorder.open(1 << 16, 1 << 16)) {
            long address = t.loadBias() + work;
            rec.addProbe(bin, UprobeAddress.fileOffset(bin, work), ProbeSpec.nativeCode(1, t.pid(), 0, 0));
            assertThat(t.byteAt(address)).isEqualTo(0xcc);
            t.go();
            assertThat(t.stdout.readLine()).isEqualTo(Long.toString(10L * n * (n - 1) / 2 + n));
            assertThat(t.awaitExit()).isZero();
            rec.removeProbes();
            assertThat(drainAll(rec)).extracting(h -> h.regs()[RDI]).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L,
                    7L, 8L, 9L);
            assertThatThrownBy(() -> rec.addProbe(bin, UprobeAddress.fileOffset(bin, work),
                    ProbeSpec.nativeCode(1, t.pid(), 0, 0))).isInstanceOf(IllegalStateException.class)
                    .hasMessage("probes removed");
        }
        try (UprobeTarget t = UprobeTarget.start("calls", "1");
                UprobeRecorder rec = UprobeRecorder.open(1 << 16, 1 << 16)) {
            long address = t.loadBias() + work;
            int original = t.byteAt(address);
            rec.addProbe(bin, UprobeAddress.fileOffset(bin, work), ProbeSpec.nativeCode(1, t.pid(), 0, 0));
            rec.removeProbes();
            assertThat(t.byteAt(address)).as("original byte back").isEqualTo(original);
            t.go();
            assertThat(t.awaitExit()).isZero();
            assertThat(drainAll(rec)).isEmpty();
        }
    }

    @Test
    void aHandlerMayCloseTheRecorderAndTheDrainEndsCleanly() throws Exception {
        int n = 10;
        Path bin = UprobeTarget.binary();
        try (UprobeTarget t = UprobeTarget.start("calls", Integer.toString(n));
                UprobeRecorder rec = UprobeRecorder.open(1 << 16, 1 << 16)) {
            rec.addProbe(bin, UprobeAddress.fileOffset(bin, UprobeTarget.symbol("work")),
                    ProbeSpec.nativeCode(1, t.pid(), 8, 8));
            t.go();
            assertThat(t.awaitExit()).isZero();
            List<Long> seen = new ArrayList<>();
            int handed = rec.drain(r -> {
                seen.add(r.register(RDI));
                rec.close();
            });
            assertThat(handed).isEqualTo(n); // the records of the snapshot stay readable until the drain returns
            assertThat(seen).hasSize(n);
            assertThat(rec.drain(r -> fail("closed"))).isZero();
        }
    }

    @Test
    void aFlyweightKeptPastItsCallRefusesToBeRead() throws Exception {
        Path bin = UprobeTarget.binary();
        try (UprobeTarget t = UprobeTarget.start("calls", "1");
                UprobeRecorder rec = UprobeRecorder.open(1 << 16, 1 << 16)) {
            rec.addProbe(bin, UprobeAddress.fileOffset(bin, UprobeTarget.symbol("work")),
                    ProbeSpec.nativeCode(1, t.pid(), 0, 0));
            t.go();
            assertThat(t.awaitExit()).isZero();
            UprobeRecord[] kept = new UprobeRecord[1];
            assertThat(rec.drain(r -> kept[0] = r)).isEqualTo(1);
            assertThatThrownBy(kept[0]::tid).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> kept[0].register(21)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(kept[0]::windowLength).isInstanceOf(IllegalStateException.class);
        }
    }
}
