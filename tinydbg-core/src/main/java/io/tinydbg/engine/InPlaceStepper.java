package io.tinydbg.engine;

import io.tinydbg.ptrace.Ptrace;
import io.tinydbg.sys.Signals;
import io.tinydbg.sys.WaitStatus;
import java.util.List;

/**
 * The last resort for an instruction that can be neither emulated nor executed out of line: put the original byte
 * back, single-step it, re-insert the int3. Other threads could run through the probe meanwhile, so they are
 * stopped first (the one case where the engine stops the world) and their stops are dispatched afterwards.
 */
final class InPlaceStepper {
    private InPlaceStepper() {
    }

    static void step(TraceEngine e, TracedThread t, Breakpoint bp) {
        List<WaitStatus> others = e.threadCount(t.tgid) > 1 ? Detacher.stopAll(e, t) : List.of();
        e.memory.write(bp.address, new byte[] {bp.original});
        e.setPc(t.tid, bp.address);
        WaitStatus last = null;
        for (int attempt = 0; attempt < 16; attempt++) {
            Ptrace.call(Ptrace.SINGLESTEP, t.tid, 0, 0);
            WaitStatus ws = e.tracer.waitFor(t.tid);
            if (ws.stopped() && ws.event() == WaitStatus.PTRACE_EVENT_STOP && !Signals.isStopSignal(ws.stopSignal())) {
                continue; // an interrupt requested earlier fired before the step: step again
            }
            if (!ws.stopped() || ws.event() != 0) {
                last = ws;
                break;
            }
            if (ws.stopSignal() == Signals.SIGTRAP) {
                break;
            }
            t.pendingSignal = ws.stopSignal(); // arrived before the step: deliver it afterwards
        }
        if (e.breakpoints.get(bp.address) == bp) {
            e.memory.write(bp.address, new byte[] {(byte) 0xcc});
        }
        t.running = false;
        if (last != null) {
            e.onStatus(last);
        } else {
            e.cont(t, t.pendingSignal);
        }
        for (WaitStatus ws : others) {
            e.onStatus(ws);
        }
    }
}
