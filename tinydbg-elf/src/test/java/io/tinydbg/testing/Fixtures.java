package io.tinydbg.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the fixture binaries that src/test/fixtures/build.sh compiled for this module's tests. */
public final class Fixtures {
    private Fixtures() {
    }

    /** The directory the test build compiled fixtures into (system property {@code tinydbg.fixtures}). */
    public static Path dir() {
        String dir = System.getProperty("tinydbg.fixtures");
        if (dir == null) {
            throw new IllegalStateException("system property tinydbg.fixtures is not set; run the tests through Maven");
        }
        return Path.of(dir);
    }

    /** The fixture {@code name}; fails the test clearly when the build did not produce it. */
    public static Path path(String name) {
        Path p = dir().resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("fixture " + p + " was not built (see src/test/fixtures/build.sh)");
        }
        return p;
    }
}
