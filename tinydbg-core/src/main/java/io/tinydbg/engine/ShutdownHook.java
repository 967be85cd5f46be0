package io.tinydbg.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Detaches attached targets when the JVM exits (normally or by a catchable signal), so no int3 stays behind to
 * kill them. Launched targets need nothing: PTRACE_O_EXITKILL ends them with the tracer. A SIGKILLed JVM cannot be
 * helped.
 */
final class ShutdownHook {
    private static final Set<TraceEngine> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ShutdownHook::detachAll, "tinydbg-detach"));
    }

    private ShutdownHook() {
    }

    static void register(TraceEngine e) {
        LIVE.add(e);
    }

    static void unregister(TraceEngine e) {
        LIVE.remove(e);
    }

    private static void detachAll() {
        for (TraceEngine e : LIVE) {
            if (!e.launched) {
                try {
                    e.detach();
                } catch (RuntimeException ignored) {
                    // best effort while the JVM goes down
                }
            }
        }
    }
}
