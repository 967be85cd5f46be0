package io.tinydbg.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Fixture binaries of tinydbg-core (built by src/test/fixtures/build.sh) and nm/objdump as oracles. */
final class EngineFixtures {
    private EngineFixtures() {
    }

    static Path path(String name) {
        String dir = System.getProperty("tinydbg.fixtures");
        if (dir == null) {
            throw new IllegalStateException("system property tinydbg.fixtures is not set; run through Maven");
        }
        Path p = Path.of(dir, name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("fixture " + p + " was not built (see src/test/fixtures/build.sh)");
        }
        return p;
    }

    /** The symbol value of {@code name} in {@code binary}, from {@code nm} (unbiased). */
    static long symbol(Path binary, String name) {
        for (String line : run("nm", binary.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[2].equals(name)) {
                return Long.parseUnsignedLong(f[0], 16);
            }
        }
        throw new AssertionError("nm finds no " + name + " in " + binary);
    }

    /** Stdout of a tool (run through ProcessBuilder: it is never traced). */
    static String run(String... cmd) {
        try {
            Path out = Files.createTempFile("tinydbg-test", ".out");
            try {
                Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    throw new AssertionError("failed: " + String.join(" ", cmd));
                }
                return Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
