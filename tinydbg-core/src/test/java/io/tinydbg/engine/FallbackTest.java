package io.tinydbg.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plug-in decoder point, the single-step last resort with several threads, and handlers that throw. */
class FallbackTest {
    @TempDir
    Path tmp;

    @Test
    void aDecoderThatKnowsNothingForcesSingleStepsWhichStayExactWithFourThreads() throws Exception {
        Path bin = EngineFixtures.path("threads-O0");
        int n = 300;
        AtomicLong decoded = new AtomicLong();
        InstructionDecoder knowsNothing = (code, address) -> {
            decoded.incrementAndGet();
            return DecodedInstruction.unknown(address);
        };
        AtomicLong entries = new AtomicLong();
        AtomicLong returns = new AtomicLong();
        AtomicLong wrong = new AtomicLong();
        try (TraceEngine e = TraceEngine.launch(LaunchSpec.of(bin, Integer.toString(n))
                .withStdout(tmp.resolve("o")), EngineOptions.defaults().withDecoder(knowsNothing), null)) {
            e.addProbe(e.loadBias() + EngineFixtures.symbol(bin, "traced"), hit -> {
                entries.incrementAndGet();
                long expected = hit.register(X86Registers.RDI) * 1_000_000 + hit.register(X86Registers.RSI);
                hit.traceReturn(r -> {
                    returns.incrementAndGet();
                    if (r.rax() != expected) {
                        wrong.incrementAndGet();
                    }
                });
            });
            e.resume();
            assertThat(e.awaitExit(Duration.ofMinutes(2))).isZero();
            assertThat(e.stats().singleSteps()).isEqualTo(2L * 4 * n);
        }
        assertThat(decoded.get()).isGreaterThanOrEqualTo(2);
        assertThat(entries.get()).isEqualTo(4L * n);
        assertThat(returns.get()).isEqualTo(4L * n);
        assertThat(wrong.get()).isZero();
    }

    @Test
    void aThrowingHandlerIsReportedAndTracingGoesOn() throws Exception {
        Path bin = EngineFixtures.path("recurse-O0");
        AtomicLong failures = new AtomicLong();
        AtomicLong entries = new AtomicLong();
        EngineListener l = new EngineListener() {
            @Override
            public void handlerFailed(Throwable error) {
                if (error.getMessage().equals("boom")) {
                    failures.incrementAndGet();
                }
            }
        };
        try (TraceEngine e = TraceEngine.launch(LaunchSpec.of(bin, "10").withStdout(tmp.resolve("o")),
                EngineOptions.defaults(), l)) {
            e.addProbe(e.loadBias() + EngineFixtures.symbol(bin, "fib"), hit -> {
                if (entries.incrementAndGet() % 2 == 0) {
                    throw new IllegalStateException("boom");
                }
            });
            e.resume();
            assertThat(e.awaitExit(Duration.ofMinutes(1))).isZero();
        }
        assertThat(entries.get()).isEqualTo(177); // fib(10) makes 177 calls
        assertThat(failures.get()).isEqualTo(88);
    }
}
