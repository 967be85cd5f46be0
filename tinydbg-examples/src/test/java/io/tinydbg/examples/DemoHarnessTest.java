package io.tinydbg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.TraceEvent;
import io.tinydbg.TraceSession;
import io.tinydbg.Tracer;
import io.tinydbg.Variable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JUnit harness example: start a native program under the tracer and assert on the calls it made, their
 * arguments, results, counts and order, as a test of that program would.
 */
class DemoHarnessTest {
    private static final Path DEMO = Path.of("target/demo/demo");

    private static List<TraceEvent> run(String regex) {
        List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (TraceSession s = Tracer.exec(DEMO).functions(regex).redirect(Path.of("/dev/null"), null)
                .onHit(events::add).start()) {
            assertThat(s.awaitExit()).as("demo exit status").isZero();
        }
        return events;
    }

    private static List<String> calls(List<TraceEvent> events) {
        return events.stream().filter(e -> e.kind() == TraceEvent.Kind.CALL)
                .map(e -> e.function().name() + e.args().stream().map(Variable::text).toList()).toList();
    }

    @Test
    void theDemoAddsThenRecursesThenGreets() {
        List<TraceEvent> events = run("^(add_ints|greet|manhattan)$");
        assertThat(calls(events)).containsExactly("add_ints[0, 0]", "add_ints[1, 10]", "add_ints[2, 20]",
                "greet[\"tinydbg\"]", "manhattan[struct point {x: 3, y: -4}]");
        assertThat(events).filteredOn(e -> e.kind() == TraceEvent.Kind.RETURN)
                .extracting(e -> e.results().get(0).text()).containsExactly("0", "11", "22", "7", "7");
    }

    @Test
    void fibOfFiveMakesFifteenCallsEachReturningWhatItShould() {
        List<TraceEvent> events = run("^fib$");
        assertThat(events).filteredOn(e -> e.kind() == TraceEvent.Kind.CALL).hasSize(15);
        assertThat(events.get(0).args().get(0).text()).isEqualTo("5");
        assertThat(events.get(events.size() - 1).results().get(0).text()).isEqualTo("5");
        assertThat(events).allSatisfy(e -> assertThat(e.tid()).isEqualTo(events.get(0).tid()));
    }
}
