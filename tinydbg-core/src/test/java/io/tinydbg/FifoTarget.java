package io.tinydbg;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.tinydbg.sys.LibC;
import io.tinydbg.sys.Spawner;
import io.tinydbg.sys.WaitStatus;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A waiter program (engine/waiter.c or go/waiter) started untraced, for attaching to: it runs a round of calls for
 * each line written to its standard input and answers with a line of output, both through FIFOs, so a test steps
 * it without sleeping.
 */
final class FifoTarget implements AutoCloseable {
    private final RandomAccessFile toTarget;
    private final RandomAccessFile fromTarget;
    private final int pid;

    private FifoTarget(Path program, Path dir, java.util.Map<String, String> environment)
            throws IOException, InterruptedException {
        Path in = dir.resolve("in");
        Path out = dir.resolve("out");
        Process mkfifo = new ProcessBuilder("mkfifo", in.toString(), out.toString()).start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).as("mkfifo").isZero();
        // read-write opens do not block waiting for the other end
        toTarget = new RandomAccessFile(in.toFile(), "rw");
        fromTarget = new RandomAccessFile(out.toFile(), "rw");
        pid = Spawner.spawn(new Spawner.Spec(List.of(program.toString()), environment, null,
                Spawner.Redirect.from(in), Spawner.Redirect.to(out), null));
    }

    /** Starts {@code program} with its FIFOs in {@code dir}. */
    static FifoTarget start(Path program, Path dir) throws IOException, InterruptedException {
        return new FifoTarget(program, dir, null);
    }

    /** As {@link #start(Path, Path)}, with {@code environment} instead of the inherited one. */
    static FifoTarget start(Path program, Path dir, java.util.Map<String, String> environment)
            throws IOException, InterruptedException {
        return new FifoTarget(program, dir, environment);
    }

    int pid() {
        return pid;
    }

    /** Asks for {@code rounds} more rounds. */
    void rounds(int rounds) throws IOException {
        toTarget.write("x\n".repeat(rounds).getBytes(StandardCharsets.US_ASCII));
    }

    /** The target's next line. */
    String readLine() throws IOException {
        return fromTarget.readLine();
    }

    /** Ends the target's input and asserts that it exits 0. */
    void assertExitsCleanly() throws IOException {
        toTarget.close();
        try (Memory st = new Memory(8)) {
            LibC.waitpid(pid, Pointer.nativeValue(st), 0);
            assertThat(new WaitStatus(pid, st.getInt(0)).shellStatus()).isZero();
        }
    }

    @Override
    public void close() throws IOException {
        toTarget.close();
        fromTarget.close();
    }
}
