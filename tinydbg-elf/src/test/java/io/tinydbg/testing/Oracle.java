package io.tinydbg.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the tools we compare against (readelf, objdump, nm, gdb, c++filt, dlv) and returns what they print.
 * Output goes through a temporary file, not a pipe, so a tool that prints megabytes cannot block on a full pipe;
 * it is decoded leniently, since some dumps (a debuglink CRC) print raw bytes.
 */
public final class Oracle {
    private Oracle() {
    }

    /** Stdout of {@code command}; fails when it exits non-zero or runs longer than five minutes. */
    public static String run(String... command) {
        return run(List.of(command));
    }

    public static String run(List<String> command) {
        try {
            Path out = Files.createTempFile("tinydbg-oracle", ".out");
            Path err = Files.createTempFile("tinydbg-oracle", ".err");
            try {
                Process p = new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .start();
                if (!p.waitFor(5, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new AssertionError("oracle timed out: " + command);
                }
                if (p.exitValue() != 0) {
                    throw new AssertionError("oracle failed (" + p.exitValue() + "): " + command + "\n"
                            + new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
                }
                return new String(Files.readAllBytes(out), StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }
}
