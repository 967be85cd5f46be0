package io.tinydbg.cli;

import sun.misc.Signal;

/**
 * Turns SIGINT and SIGTERM into a flag the trace command polls, so that Ctrl-C ends the trace cleanly (detach or
 * kill, last line, exit code 0) instead of ending the JVM with the traced process in an unknown state.
 */
final class Interrupts {
    private Interrupts() {
    }

    static void onInterrupt(Runnable action) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), s -> action.run());
            } catch (IllegalArgumentException unavailable) {
                // the JVM reserves the signal (e.g. -Xrs): the default shutdown remains, and the engine's shutdown
                // hook still detaches
            }
        }
    }
}
