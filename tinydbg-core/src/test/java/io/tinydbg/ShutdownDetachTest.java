package io.tinydbg;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.elf.ElfFile;
import io.tinydbg.elf.ElfSection;
import io.tinydbg.ptrace.ProcFs;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that exits with a session still open (System.exit, no close) leaves an attached target as if it had never
 * been traced: the library's shutdown hook detaches. The tracing JVM is a second process ({@link AttachAndExit}),
 * so this test's own JVM keeps running and can look at the target afterwards.
 */
@Timeout(180)
class ShutdownDetachTest {
    /** Rounds of 1000 calls asked for while the other JVM traces, so that it exits while the target is busy. */
    private static final int BUSY_ROUNDS = 200;

    @TempDir
    Path tmp;

    @Test
    void systemExitWithoutCloseDetachesAndLeavesTheTargetIntact() throws Exception {
        Path bin = TracerTest.fixture("waiter");
        try (FifoTarget target = FifoTarget.start(bin, tmp)) {
            int pid = target.pid();
            target.rounds(1);
            assertThat(target.readLine()).isEqualTo(Long.toString(TracerProcessTest.checksum(1)));

            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), AttachAndExit.class.getName(),
                    Integer.toString(pid), "500"));
            Process tracer = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            BufferedReader said = new BufferedReader(new InputStreamReader(tracer.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(said.readLine()).isEqualTo("attached " + pid);
            // the kernel names the tracing thread; it belongs to the other JVM
            int tracerThread = Integer.parseInt(ProcFs.status(pid, "TracerPid"));
            assertThat(ProcFs.status(tracerThread, "Tgid")).isEqualTo(Long.toString(tracer.pid()));
            target.rounds(BUSY_ROUNDS);
            assertThat(tracer.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String rest = new String(tracer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(tracer.exitValue()).as(rest).isZero();

            // the target still runs, nobody traces it, and its code is the file's: no int3 at an entry or a return
            // address survived the exit
            assertThat(ProcFs.status(pid, "State")).doesNotStartWith("Z");
            assertThat(ProcFs.status(pid, "TracerPid")).isEqualTo("0");
            assertThat(liveText(pid, bin)).isEqualTo(fileText(bin));
            // every round, traced before the exit, during it or after it, computed the right sum
            for (int r = 2; r <= 1 + BUSY_ROUNDS; r++) {
                assertThat(target.readLine()).as("round %d", r).isEqualTo(Long.toString(TracerProcessTest.checksum(r)));
            }
            target.rounds(1);
            assertThat(target.readLine()).isEqualTo(Long.toString(TracerProcessTest.checksum(2 + BUSY_ROUNDS)));
            target.assertExitsCleanly();
        }
    }

    private static ElfSection text(Path bin) {
        try (ElfFile elf = ElfFile.open(bin)) {
            return elf.section(".text").orElseThrow();
        }
    }

    private static byte[] fileText(Path bin) throws Exception {
        ElfSection text = text(bin);
        byte[] b = new byte[(int) text.size()];
        try (RandomAccessFile f = new RandomAccessFile(bin.toFile(), "r")) {
            f.seek(text.offset());
            f.readFully(b);
        }
        return b;
    }

    private static byte[] liveText(int pid, Path bin) throws Exception {
        ElfSection text = text(bin);
        byte[] b = new byte[(int) text.size()];
        try (RandomAccessFile mem = new RandomAccessFile("/proc/" + pid + "/mem", "r")) {
            mem.seek(ProcFs.loadBias(pid) + text.addr());
            mem.readFully(b);
        }
        return b;
    }
}
