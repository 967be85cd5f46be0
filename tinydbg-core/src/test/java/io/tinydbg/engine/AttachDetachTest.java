package io.tinydbg.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.tinydbg.TinydbgException;
import io.tinydbg.ptrace.NoSuchProcessException;
import io.tinydbg.ptrace.PermissionDeniedException;
import io.tinydbg.sys.LibC;
import io.tinydbg.sys.Spawner;
import io.tinydbg.sys.WaitStatus;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attach to a running process, trace, detach: no int3 is left and the process runs on correctly. */
@org.junit.jupiter.api.Timeout(90)
class AttachDetachTest {
    @TempDir
    Path tmp;

    static long checksum(int rounds) {
        long s = 0;
        for (long r = 0; r < rounds; r++) {
            for (long i = 0; i < 1000; i++) {
                s += r * 7 + i;
            }
        }
        return s;
    }

    static int reap(int pid) {
        try (Memory st = new Memory(8)) {
            LibC.waitpid(pid, Pointer.nativeValue(st), 0);
            return new WaitStatus(pid, st.getInt(0)).shellStatus();
        }
    }

    static byte[] procMem(int pid, long address, int length) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile("/proc/" + pid + "/mem", "r")) {
            byte[] b = new byte[length];
            f.seek(address);
            f.readFully(b);
            return b;
        }
    }

    static byte[] fileBytes(Path file, long offset, int length) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] b = new byte[length];
            f.seek(offset);
            f.readFully(b);
            return b;
        }
    }

    @Test
    void attachTraceDetachLeavesNoTrapAndTheProcessRunsOn() throws Exception {
        Path bin = EngineFixtures.path("waiter");
        Path in = tmp.resolve("in");
        Path outFifo = tmp.resolve("out");
        EngineFixtures.run("mkfifo", in.toString(), outFifo.toString());
        // O_RDWR opens of a FIFO do not block, so the child's own opens find a peer at once.
        try (RandomAccessFile toTarget = new RandomAccessFile(in.toFile(), "rw");
                RandomAccessFile fromTarget = new RandomAccessFile(outFifo.toFile(), "rw")) {
            int pid = Spawner.spawn(new Spawner.Spec(java.util.List.of(bin.toString()), null, null,
                    Spawner.Redirect.from(in), Spawner.Redirect.to(outFifo), null));
            toTarget.write("1\n".getBytes());
            assertThat(fromTarget.readLine()).isEqualTo(Long.toString(checksum(1)));
            AtomicLong entries = new AtomicLong();
            AtomicLong returns = new AtomicLong();
            CountDownLatch done = new CountDownLatch(1000);
            long probe;
            long returnSite;
            try (TraceEngine e = TraceEngine.attach(pid, EngineOptions.defaults(), null)) {
                assertThatThrownBy(() -> TraceEngine.attach(pid, EngineOptions.defaults(), null))
                        .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("already traced");
                probe = e.loadBias() + EngineFixtures.symbol(bin, "traced");
                AtomicLong ret = new AtomicLong();
                e.addProbe(probe, hit -> {
                    entries.incrementAndGet();
                    ret.set(hit.returnAddress());
                    hit.traceReturn(r -> {
                        returns.incrementAndGet();
                        done.countDown();
                    });
                });
                e.resume();
                toTarget.write("2\n".getBytes());
                assertThat(fromTarget.readLine()).isEqualTo(Long.toString(checksum(2)));
                assertThat(done.await(1, TimeUnit.MINUTES)).isTrue();
                returnSite = ret.get();
                assertThat(procMem(pid, probe, 1)[0]).isEqualTo((byte) 0xcc);
                e.detach();
            }
            long bias = probe - EngineFixtures.symbol(bin, "traced");
            assertThat(entries.get()).isEqualTo(1000);
            assertThat(returns.get()).isEqualTo(1000);
            // text read back equals the file (PIE text: file offset == link address)
            assertThat(procMem(pid, probe, 16)).isEqualTo(fileBytes(bin, probe - bias, 16));
            assertThat(procMem(pid, returnSite, 16)).isEqualTo(fileBytes(bin, returnSite - bias, 16));
            toTarget.write("3\n".getBytes());
            assertThat(fromTarget.readLine()).isEqualTo(Long.toString(checksum(3)));
            toTarget.close();
            assertThat(reap(pid)).isZero();
        }
    }

    @Test
    void detachFromFourBusyThreadsLeavesThemRunningCorrectly() throws Exception {
        Path bin = EngineFixtures.path("threads-O2");
        Path out = tmp.resolve("out");
        int n = 200_000;
        CountDownLatch some = new CountDownLatch(2000);
        int pid;
        try (TraceEngine e = TraceEngine.launch(LaunchSpec.of(bin, Integer.toString(n)).withStdout(out),
                EngineOptions.defaults(), null)) {
            pid = e.pid();
            e.addProbe(e.loadBias() + EngineFixtures.symbol(bin, "traced"), hit -> {
                some.countDown();
                hit.traceReturn(r -> { });
            });
            e.resume();
            assertThat(some.await(1, TimeUnit.MINUTES)).isTrue();
            e.detach();
            assertThat(e.ended()).isTrue();
            // still our child: the engine reaps it (no zombie) and reports how it ended
            assertThat(e.awaitExit(Duration.ofMinutes(1))).isZero();
        }
        assertThat(Path.of("/proc/" + pid)).as("no zombie left").doesNotExist();
        long checksum = 0;
        for (long t = 0; t < 4; t++) {
            checksum += t * 1_000_000L * n + (long) n * (n - 1) / 2;
        }
        assertThat(Files.readString(out).trim()).isEqualTo(Long.toString(checksum));
    }

    @Test
    void clearErrorsForMissingAndProcessBuilderPids() throws Exception {
        assertThatThrownBy(() -> TraceEngine.attach(Integer.MAX_VALUE - 1, EngineOptions.defaults(), null))
                .isInstanceOf(NoSuchProcessException.class).hasMessageContaining(Integer.toString(Integer.MAX_VALUE - 1));
        Process p = new ProcessBuilder("sleep", "600").start();
        try {
            assertThatThrownBy(() -> TraceEngine.attach((int) p.pid(), EngineOptions.defaults(), null))
                    .isInstanceOf(TinydbgException.class).hasMessageContaining("ProcessBuilder");
        } finally {
            p.destroyForcibly().waitFor();
        }
    }
}
