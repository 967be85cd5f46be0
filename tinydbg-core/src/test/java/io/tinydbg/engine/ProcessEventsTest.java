package io.tinydbg.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.sys.Signals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fork/vfork children, signals and group-stops, exec. */
class ProcessEventsTest {
    @TempDir
    Path tmp;

    @Test
    void forkAndVforkChildrenRunTheTracedFunctionAndExitZero() throws Exception {
        Path bin = EngineFixtures.path("forks");
        Path out = tmp.resolve("out");
        List<String> forks = new CopyOnWriteArrayList<>();
        AtomicLong hits = new AtomicLong();
        EngineListener l = new EngineListener() {
            @Override
            public void forked(int parent, int child, boolean vfork) {
                forks.add(vfork ? "vfork" : "fork");
            }
        };
        try (TraceEngine e = TraceEngine.launch(LaunchSpec.of(bin).withStdout(out), EngineOptions.defaults(), l)) {
            e.addProbe(e.loadBias() + EngineFixtures.symbol(bin, "traced"), hit -> {
                hits.incrementAndGet();
                hit.traceReturn(r -> { });
            });
            e.resume();
            assertThat(e.awaitExit(Duration.ofMinutes(1))).isZero();
        }
        assertThat(Files.readString(out)).startsWith("fork=1 vfork=1 ");
        assertThat(forks).containsExactly("fork", "vfork");
        // parent twice, vfork child once (it shares our memory and stays traced); the fork child is untraced
        assertThat(hits.get()).isEqualTo(3);
    }

    @Test
    void signalsAndGroupStopsBehaveAsWithoutTracer() throws Exception {
        Path bin = EngineFixtures.path("signals");
        Path out = tmp.resolve("out");
        AtomicInteger usr1 = new AtomicInteger();
        AtomicInteger stops = new AtomicInteger();
        EngineListener l = new EngineListener() {
            @Override
            public void signal(int tid, int sig) {
                if (sig == Signals.SIGUSR1) {
                    usr1.incrementAndGet();
                } else if (sig == Signals.SIGSTOP) {
                    stops.incrementAndGet();
                }
            }
        };
        AtomicLong hits = new AtomicLong();
        try (TraceEngine e = TraceEngine.launch(LaunchSpec.of(bin).withStdout(out), EngineOptions.defaults(), l)) {
            e.addProbe(e.loadBias() + EngineFixtures.symbol(bin, "traced"), hit -> hits.incrementAndGet());
            e.resume();
            assertThat(e.awaitExit(Duration.ofMinutes(1))).isZero();
        }
        assertThat(Files.readString(out).trim()).isEqualTo("usr1=50 cont=1 s=1225");
        assertThat(hits.get()).isEqualTo(50);
        assertThat(usr1.get()).isEqualTo(50);
        assertThat(stops.get()).isPositive();
    }

    @Test
    void execDropsProbesAndReportsTheNewImage() throws Exception {
        Path bin = EngineFixtures.path("execs");
        List<Long> args = new CopyOnWriteArrayList<>();
        AtomicInteger execs = new AtomicInteger();
        long offset = EngineFixtures.symbol(bin, "traced");
        TraceEngine[] holder = new TraceEngine[1];
        EngineListener l = new EngineListener() {
            @Override
            public void exec(int pid, Path program) {
                execs.incrementAndGet();
                TraceEngine e = holder[0];
                e.addProbe(e.loadBias() + offset, hit -> args.add(100 + hit.register(X86Registers.RDI)));
            }
        };
        try (TraceEngine e = TraceEngine.launch(LaunchSpec.of(bin), EngineOptions.defaults(), l)) {
            holder[0] = e;
            e.addProbe(e.loadBias() + offset, hit -> args.add(hit.register(X86Registers.RDI)));
            e.resume();
            assertThat(e.awaitExit(Duration.ofMinutes(1))).isEqualTo(7);
        }
        assertThat(execs.get()).isEqualTo(1);
        assertThat(args).containsExactly(0L, 101L, 102L);
    }
}
