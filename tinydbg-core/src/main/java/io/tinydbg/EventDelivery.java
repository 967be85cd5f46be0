package io.tinydbg;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Gets trace and process events from the tracer thread to the user's callbacks, as {@link Delivery} says: inline,
 * or through a bounded queue to one delivery thread that keeps their order. A callback that throws is reported to
 * the listeners and delivery goes on.
 */
final class EventDelivery implements AutoCloseable {
    private static final Runnable STOP = () -> { };

    private final List<Consumer<TraceEvent>> callbacks;
    private final List<ProcessListener> listeners;
    private final Delivery mode;
    private final BlockingQueue<Runnable> queue;
    private final Thread thread;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    EventDelivery(List<Consumer<TraceEvent>> callbacks, List<ProcessListener> listeners, Delivery mode,
            int capacity) {
        this.callbacks = callbacks;
        this.listeners = listeners;
        this.mode = mode;
        if (mode == Delivery.SYNC) {
            queue = null;
            thread = null;
        } else {
            queue = new ArrayBlockingQueue<>(capacity);
            thread = new Thread(this::run, "tinydbg-delivery");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Delivers a hit (dropped and counted when the queue is full under {@link Delivery#ASYNC_DROP}). */
    void event(TraceEvent e) {
        submit(() -> {
            for (Consumer<TraceEvent> c : callbacks) {
                try {
                    c.accept(e);
                } catch (RuntimeException | Error failure) {
                    failures.incrementAndGet();
                    for (ProcessListener l : listeners) {
                        guarded(() -> l.callbackFailed(e, failure));
                    }
                }
            }
            delivered.incrementAndGet();
        }, true);
    }

    /** Delivers a process event; these are never dropped. */
    void process(Consumer<ProcessListener> event) {
        if (listeners.isEmpty()) {
            return;
        }
        submit(() -> {
            for (ProcessListener l : listeners) {
                guarded(() -> event.accept(l));
            }
        }, false);
    }

    private static void guarded(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException | Error ignored) {
            // a listener that throws must not stop delivery to the others
        }
    }

    private void submit(Runnable r, boolean droppable) {
        if (queue == null) {
            r.run();
            return;
        }
        if (droppable && mode == Delivery.ASYNC_DROP) {
            if (!queue.offer(r)) {
                dropped.incrementAndGet();
            }
            return;
        }
        try {
            queue.put(r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (true) {
                Runnable r = queue.take();
                if (r == STOP) {
                    return;
                }
                r.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long delivered() {
        return delivered.get();
    }

    long dropped() {
        return dropped.get();
    }

    long failures() {
        return failures.get();
    }

    /** Delivers what is queued, then stops the delivery thread. */
    @Override
    public void close() {
        if (thread == null || !thread.isAlive()) {
            return;
        }
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            queue.put(STOP);
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
