package io.tinydbg.engine;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.tinydbg.sys.LibC;
import io.tinydbg.sys.WaitStatus;
import java.util.concurrent.CompletableFuture;

/**
 * Waits, on a daemon thread of its own, for a launched process that the session detached from. It is still the
 * JVM's child, so without this it would stay a zombie once it exits, and {@code awaitExit} would never return.
 * The tracer thread cannot do it: it waits only for tracees and ends with the session. A plain waitpid on that pid
 * (without __WNOTHREAD, so from any thread of the JVM) touches nothing else.
 */
final class DetachedChildReaper {
    private DetachedChildReaper() {
    }

    static void start(int pid, CompletableFuture<Integer> exit) {
        Thread t = new Thread(() -> reap(pid, exit), "tinydbg-reaper-" + pid);
        t.setDaemon(true);
        t.start();
    }

    private static void reap(int pid, CompletableFuture<Integer> exit) {
        try (Memory status = new Memory(8)) {
            while (true) {
                try {
                    if (LibC.waitpid(pid, Pointer.nativeValue(status), 0) == pid) {
                        exit.complete(new WaitStatus(pid, status.getInt(0)).shellStatus());
                        return;
                    }
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != io.tinydbg.sys.Errno.EINTR) {
                        // someone else reaped it (the application's own waitpid): its status is theirs
                        exit.completeExceptionally(new io.tinydbg.TinydbgException(
                                "process " + pid + " was reaped elsewhere after the detach", e));
                        return;
                    }
                }
            }
        }
    }
}
