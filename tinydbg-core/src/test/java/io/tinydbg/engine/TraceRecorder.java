package io.tinydbg.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * Test helper: probes functions and records "> name(arg)" / "< name(arg) = rax" / "~ name(arg)" (unwound) lines in
 * order, checking each return value against the function's known result for its first argument.
 */
final class TraceRecorder {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final List<String> wrong = Collections.synchronizedList(new ArrayList<>());

    void probe(TraceEngine e, long address, String name, LongUnaryOperator expected) {
        e.addProbe(address, hit -> {
            long arg = hit.register(X86Registers.RDI);
            events.add("> " + name + "(" + arg + ")");
            hit.traceReturn(new ReturnHandler() {
                @Override
                public void onReturn(ReturnHit r) {
                    events.add("< " + name + "(" + arg + ") = " + r.rax());
                    if (expected != null && r.rax() != expected.applyAsLong(arg)) {
                        wrong.add(name + "(" + arg + ") returned " + r.rax());
                    }
                }

                @Override
                public void onUnwound() {
                    events.add("~ " + name + "(" + arg + ")");
                }
            });
        });
    }

    long count(String prefix) {
        synchronized (events) {
            return events.stream().filter(s -> s.startsWith(prefix)).count();
        }
    }
}
