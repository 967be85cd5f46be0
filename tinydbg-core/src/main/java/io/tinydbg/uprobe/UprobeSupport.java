package io.tinydbg.uprobe;

import io.tinydbg.elf.ElfFile;
import io.tinydbg.sys.KernelCalls;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether this process can record with uprobes: the check does once what a recorder does (creates the ring and
 * counter maps, loads a Go probe's program, which calls every helper a probe uses, and opens a uprobe through the
 * uprobe PMU) and remembers the answer.
 */
public final class UprobeSupport {
    private static final Path SELF = Path.of("/proc/self/exe");

    private UprobeSupport() {
    }

    /**
     * Empty when uprobe recording works here; else one line saying what failed and the errno, such as
     * {@code "bpf(BPF_PROG_LOAD): EPERM: not root? ..."}.
     */
    public static Optional<String> unavailableReason() {
        return Holder.REASON;
    }

    private static final class Holder {
        static final Optional<String> REASON = check();
    }

    private static Optional<String> check() {
        try (UprobeRecorder r = UprobeRecorder.open(KernelCalls.getpagesize())) {
            // The probe goes on this JVM's launcher at its entry point, code that has run and will not run again;
            // it is removed when the recorder closes.
            long entry;
            try (ElfFile exe = ElfFile.open(SELF)) {
                entry = exe.header().entry();
            }
            int self = (int) ProcessHandle.current().pid();
            r.addProbe(SELF, UprobeAddress.fileOffset(SELF, entry), new ProbeSpec(0, self, 8, 8, 0, 0, 0, 0));
            return Optional.empty();
        } catch (UprobeException e) {
            return Optional.of(e.shortReason());
        } catch (RuntimeException | UnsatisfiedLinkError e) { // no libc binding, unreadable /proc/self/exe, ...
            return Optional.of(e.toString());
        }
    }
}
