package io.tinydbg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Tracer API on a Go target (built with -N -l by the fixture build): arguments, results, goroutine ids. */
@Timeout(120)
class TracerGoTest {

    @Test
    void goCallsGiveArgumentsResultsAndTheGoroutine() {
        List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (TraceSession s = Tracer.exec(TracerTest.fixture("gowork"), "100", "deep")
                .functions("^main\\.(work|deep)$").redirect(Path.of("/dev/null"), null)
                .onHit(events::add).start()) {
            assertThat(s.awaitExit()).isZero();
        }
        List<TraceEvent> work = events.stream().filter(e -> e.function().name().equals("main.work")).toList();
        assertThat(work).hasSize(200);
        long i = 0;
        for (TraceEvent e : work) {
            assertThat(e.goroutine()).hasValue(1);
            if (e.kind() == TraceEvent.Kind.CALL) {
                assertThat(e.args()).extracting(Variable::name).containsExactly("a", "b");
                assertThat(e.args()).extracting(Variable::text).containsExactly(Long.toString(i),
                        Long.toString(i + 1));
            } else {
                assertThat(e.results()).extracting(Variable::text).containsExactly(Long.toString(3 * i + i + 1));
                i++;
            }
        }
        long deepCalls = events.stream().filter(e -> e.function().name().equals("main.deep")
                && e.kind() == TraceEvent.Kind.CALL).count();
        long deepReturns = events.stream().filter(e -> e.function().name().equals("main.deep")
                && e.kind() == TraceEvent.Kind.RETURN).count();
        assertThat(deepCalls).isEqualTo(201);
        assertThat(deepReturns).isEqualTo(201); // the goroutine's stack moved several times meanwhile
    }
}
