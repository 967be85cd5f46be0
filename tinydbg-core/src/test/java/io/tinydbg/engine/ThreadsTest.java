package io.tinydbg.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ThreadsTest {
    static final int N = 2500;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"threads-O0", "threads-O2", "threads-cet", "threads-nopie"})
    void everyCallOfFourThreadsIsSeenAndPairedWithItsReturn(String fixture) throws Exception {
        Path bin = EngineFixtures.path(fixture);
        Path out = tmp.resolve("out");
        AtomicLong entries = new AtomicLong();
        AtomicLong returns = new AtomicLong();
        AtomicLong mispaired = new AtomicLong();
        Set<Integer> tids = ConcurrentHashMap.newKeySet();
        Set<Integer> created = ConcurrentHashMap.newKeySet();
        Set<Integer> exited = ConcurrentHashMap.newKeySet();
        EngineListener threads = new EngineListener() {
            @Override
            public void threadCreated(int tid) {
                created.add(tid);
            }

            @Override
            public void threadExited(int tid) {
                exited.add(tid);
            }
        };
        try (TraceEngine e = TraceEngine.launch(LaunchSpec.of(bin, Integer.toString(N)).withStdout(out),
                EngineOptions.defaults(), threads)) {
            long probe = e.loadBias() + EngineFixtures.symbol(bin, "traced");
            e.addProbe(probe, hit -> {
                entries.incrementAndGet();
                tids.add(hit.tid());
                long expected = hit.register(X86Registers.RDI) * 1_000_000 + hit.register(X86Registers.RSI);
                int tid = hit.tid();
                hit.traceReturn(ret -> {
                    returns.incrementAndGet();
                    if (ret.rax() != expected || ret.tid() != tid) {
                        mispaired.incrementAndGet();
                    }
                });
            });
            e.resume();
            assertThat(e.awaitExit(Duration.ofMinutes(2))).isZero();
            assertThat(e.stats().singleSteps()).as("no in-place single steps").isZero();
            assertThat(e.stats().entryHits()).isEqualTo(4L * N);
        }
        long checksum = 0;
        for (long t = 0; t < 4; t++) {
            for (long i = 0; i < N; i++) {
                checksum += t * 1_000_000 + i;
            }
        }
        assertThat(entries.get()).isEqualTo(4L * N);
        assertThat(returns.get()).isEqualTo(4L * N);
        assertThat(mispaired.get()).isZero();
        assertThat(tids).hasSize(4);
        assertThat(created).isEqualTo(tids);
        assertThat(exited).isEqualTo(tids);
        assertThat(Files.readString(out).trim()).isEqualTo(Long.toString(checksum));
    }
}
