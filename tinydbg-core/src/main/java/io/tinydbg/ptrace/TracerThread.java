package io.tinydbg.ptrace;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.tinydbg.TinydbgException;
import io.tinydbg.sys.Errno;
import io.tinydbg.sys.LibC;
import io.tinydbg.sys.Signals;
import io.tinydbg.sys.Spawner;
import io.tinydbg.sys.WaitStatus;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The one platform thread that makes every ptrace and waitpid call: the kernel ties a tracee to the thread that
 * attached it. Other threads hand it work with {@link #call}. While tracees run, the thread sleeps in
 * {@code waitpid(-1, __WALL | __WNOTHREAD)} (only its own children and tracees, so children the application starts
 * elsewhere are never reaped here); to wake it for submitted work, a tiny traced "doorbell" process
 * ({@code sleep infinity}) is sent SIGURG, whose signal-delivery stop ends the wait.
 */
public final class TracerThread implements AutoCloseable {
    private static final int WALL = 0x40000000;
    private static final int WNOTHREAD = 0x20000000;

    /** Receives wait statuses; tells the thread whether anything it traces is running. */
    public interface StopSink {
        /** Handles one stop or exit of a tracee. */
        void onStatus(WaitStatus status);

        /** True while some tracee may produce a wait status (so blocking in waitpid makes sense). */
        boolean expectsEvents();
    }

    private final Thread thread;
    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final Memory status = new Memory(8);
    private volatile boolean inWait;
    private volatile boolean closed;
    private volatile int doorbell;
    private StopSink sink;
    private int affinityCpu = -1;

    public TracerThread(String name) {
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** True when called on this tracer thread. */
    public boolean isCurrent() {
        return Thread.currentThread() == thread;
    }

    /** Sets (on the tracer thread) where wait statuses go. */
    public void setSink(StopSink sink) {
        this.sink = sink;
    }

    /** Runs {@code work} on the tracer thread and returns its result, rethrowing its exception. */
    public <T> T call(Callable<T> work) {
        if (isCurrent()) {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new TinydbgException(e.getMessage(), e);
            }
        }
        if (closed) {
            throw new TinydbgException("tracer thread is closed");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        if (inWait) {
            ring();
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TinydbgException("interrupted waiting for the tracer thread", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new TinydbgException(c.getMessage(), c);
        }
    }

    /** Runs {@code work} on the tracer thread without waiting for it. */
    public void post(Runnable work) {
        tasks.add(work);
        if (inWait) {
            ring();
        }
    }

    private void ring() {
        int d = doorbell;
        if (d > 0) {
            try {
                LibC.kill(d, Signals.SIGURG);
            } catch (LastErrorException e) {
                // the doorbell is gone: the thread is shutting down
            }
        }
    }

    /**
     * Waits for one status of {@code pid} (or any tracee with -1) on this thread; blocking. Returns null when a
     * wait for -1 was ended by the doorbell.
     */
    public WaitStatus waitFor(int pid) {
        return waitFor(pid, 0);
    }

    /** As {@link #waitFor(int)} with extra waitpid options (e.g. WUNTRACED = 2 for a stopped untraced child). */
    public WaitStatus waitFor(int pid, int extraOptions) {
        while (true) {
            try {
                int got = LibC.waitpid(pid, Pointer.nativeValue(status), WALL | WNOTHREAD | extraOptions);
                WaitStatus ws = new WaitStatus(got, status.getInt(0));
                if (got == doorbell && doorbell > 0) {
                    handleDoorbell(ws);
                    return null; // woken for submitted work
                }
                return ws;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.EINTR) {
                    continue;
                }
                throw Ptrace.translate(e, -1, pid);
            }
        }
    }

    /** Pins the tracer thread to {@code cpu} (applied on the thread itself). */
    public void pinTo(int cpu) {
        call(() -> {
            affinityCpu = cpu;
            io.tinydbg.sys.CpuAffinity.pin(0, cpu);
            return null;
        });
    }

    public int affinityCpu() {
        return affinityCpu;
    }

    private void handleDoorbell(WaitStatus ws) {
        if (ws.stopped()) {
            try {
                Ptrace.cont(ws.pid(), 0);
            } catch (TinydbgException e) {
                doorbell = 0;
            }
        } else {
            doorbell = 0;
        }
    }

    private void startDoorbell() {
        int pid = Spawner.spawn(Spawner.Spec.of("/bin/sleep", "infinity"));
        try {
            Ptrace.call(Ptrace.SEIZE, pid, 0, Ptrace.O_EXITKILL);
            doorbell = pid;
        } catch (TinydbgException e) {
            LibC.kill(pid, Signals.SIGKILL);
        }
    }

    private void loop() {
        while (!closed) {
            Runnable r;
            while ((r = tasks.poll()) != null) {
                r.run();
            }
            if (closed) {
                break;
            }
            if (sink == null || !sink.expectsEvents()) {
                try {
                    Runnable t = tasks.take();
                    t.run();
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            if (doorbell == 0) {
                startDoorbell();
            }
            inWait = true;
            if (!tasks.isEmpty()) {
                inWait = false;
                continue;
            }
            WaitStatus ws;
            try {
                ws = waitFor(-1);
            } catch (TinydbgException e) {
                inWait = false;
                // ECHILD: nothing left to wait for; the sink will learn it from its own bookkeeping.
                try {
                    Runnable t = tasks.take();
                    t.run();
                } catch (InterruptedException ie) {
                    return;
                }
                continue;
            } finally {
                inWait = false;
            }
            if (ws != null) {
                sink.onStatus(ws);
            }
        }
    }

    /** Stops the thread and the doorbell; tracees must have been detached or killed before. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        post(() -> {
            closed = true;
            int d = doorbell;
            doorbell = 0;
            if (d > 0) {
                try {
                    LibC.kill(d, Signals.SIGKILL);
                    LibC.waitpid(d, Pointer.nativeValue(status), WALL | WNOTHREAD);
                } catch (LastErrorException e) {
                    // already gone
                }
            }
        });
        if (!isCurrent()) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
