package io.tinydbg;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A session callback for tests: keeps every event, and lets the test wait until a number of returns came. */
final class EventLog implements Consumer<TraceEvent> {
    final List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch returns;

    EventLog(int returnsToAwait) {
        this.returns = new CountDownLatch(returnsToAwait);
    }

    @Override
    public void accept(TraceEvent e) {
        events.add(e);
        if (e.kind() == TraceEvent.Kind.RETURN) {
            returns.countDown();
        }
    }

    /** True once the awaited number of returns came (within a minute). */
    boolean awaitReturns() throws InterruptedException {
        return returns.await(60, TimeUnit.SECONDS);
    }
}
