package io.tinydbg;

import io.tinydbg.sys.CpuAffinity;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
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
    /**
     * Lock-free, so the tracer thread never waits for a lock the delivery thread holds; bounded by {@link #size}.
     * The delivery thread polls it (see {@link #POLL_NANOS}) and is woken (unparked) only for a backlog or to stop.
     */
    private final ConcurrentLinkedQueue<Runnable> queue;
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final Object room = new Object();
    private volatile boolean producerWaiting;
    /** Set when the session ends: producers stop waiting for room (see {@link #stopBlocking}). */
    private volatile boolean ending;
    private final Thread thread;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    /**
     * {@code avoidCpu}: a CPU the delivery thread stays off (the one the tracer thread and the target are pinned
     * to, where it would take turns with them on every stop), or -1.
     */
    EventDelivery(List<Consumer<TraceEvent>> callbacks, List<ProcessListener> listeners, Delivery mode,
            int capacity, int avoidCpu) {
        this.callbacks = callbacks;
        this.listeners = listeners;
        this.mode = mode;
        this.capacity = capacity;
        if (mode == Delivery.SYNC) {
            queue = null;
            thread = null;
        } else {
            queue = new ConcurrentLinkedQueue<>();
            thread = new Thread(() -> {
                if (avoidCpu >= 0) {
                    CpuAffinity.avoid(0, avoidCpu);
                }
                run();
            }, "tinydbg-delivery");
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
        if (size.get() >= capacity && !ending) {
            if (droppable && mode == Delivery.ASYNC_DROP) {
                dropped.incrementAndGet();
                return;
            }
            waitForRoom();
        }
        int queued = size.incrementAndGet();
        queue.offer(r);
        if (queued >= capacity / 2 && sleeping.get()) {
            LockSupport.unpark(thread); // a backlog builds up: do not let it wait out its poll interval
        }
    }

    /** The block policy: the tracer (and so the traced thread) waits until the delivery thread makes room. */
    /**
     * From now on no producer waits for room: the session is ending, and what ends it may be a callback, which
     * holds the delivery thread while the tracer (or the uprobe reader) would wait for that thread to make room.
     * The last events are queued beyond the capacity instead; none is dropped.
     */
    void stopBlocking() {
        ending = true;
        synchronized (room) {
            room.notifyAll();
        }
    }

    private void waitForRoom() {
        synchronized (room) {
            producerWaiting = true;
            try {
                while (size.get() >= capacity && thread.isAlive() && !ending) {
                    room.wait(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                producerWaiting = false;
            }
        }
    }

    /**
     * How long the delivery thread spins on an empty queue before it sleeps (see {@link #POLL_NANOS}). 0 by default:
     * the tracer thread no longer wakes it per event, so spinning only shortens the wait of an event by less than a
     * poll interval, and a spinning thread on the other CPU of a 2-CPU VM slowed the tracer thread and the target
     * (property {@code tinydbg.delivery.spinNanos}; see docs/benchmarks.md).
     */
    private static final long SPIN_NANOS = Long.getLong("tinydbg.delivery.spinNanos", 0);

    /**
     * How long the delivery thread sleeps between looks at an empty queue once it stopped spinning. The tracer
     * thread does not wake it for each event (that is a futex system call while the target waits, about half of
     * all events when hits come every few tens of microseconds): an event waits at most this long, unless the queue
     * fills to half its capacity, or the session closes. (1 ms by default, property
     * {@code tinydbg.delivery.pollNanos}.)
     */
    private static final long POLL_NANOS = Long.getLong("tinydbg.delivery.pollNanos", 1_000_000);

    private Runnable next() {
        Runnable r = take();
        if (r != null) {
            return r;
        }
        long start = System.nanoTime();
        while (System.nanoTime() - start < SPIN_NANOS) {
            r = take();
            if (r != null) {
                return r;
            }
            Thread.onSpinWait();
        }
        while (true) {
            sleeping.set(true);
            r = take(); // a producer that missed the flag has already queued: look once more before sleeping
            if (r == null) {
                LockSupport.parkNanos(this, POLL_NANOS);
                r = take();
            }
            sleeping.set(false);
            if (r != null) {
                return r;
            }
        }
    }

    private Runnable take() {
        Runnable r = queue.poll();
        if (r != null && size.decrementAndGet() < capacity && producerWaiting) {
            synchronized (room) {
                room.notifyAll();
            }
        }
        return r;
    }

    private void run() {
        while (true) {
            Runnable r = next();
            if (r == STOP) {
                return;
            }
            r.run();
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
        size.incrementAndGet();
        queue.offer(STOP); // past the capacity on purpose: closing must not wait for room
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
