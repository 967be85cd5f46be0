package io.tinydbg;

import java.util.concurrent.CountDownLatch;

/**
 * A program for {@link ShutdownDetachTest}, run in a JVM of its own: attaches to process {@code args[0]}, traces
 * {@code traced}, and after {@code args[1]} returns calls {@link System#exit} without closing the session, so only
 * the library's shutdown hook can detach. Prints "attached" once tracing is armed.
 */
public final class AttachAndExit {
    private AttachAndExit() {
    }

    public static void main(String[] args) throws InterruptedException {
        int pid = Integer.parseInt(args[0]);
        CountDownLatch returns = new CountDownLatch(Integer.parseInt(args[1]));
        TraceSession session = Tracer.attach(pid).functions("^traced$").onHit(e -> {
            if (e.kind() == TraceEvent.Kind.RETURN) {
                returns.countDown();
            }
        }).start();
        System.out.println("attached " + session.pid());
        System.out.flush();
        returns.await();
        // from the main thread, not a callback: exit runs the hooks while the delivery thread goes on draining
        System.exit(0);
    }
}
