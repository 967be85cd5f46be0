package io.tinydbg.cli;

import io.tinydbg.TinydbgException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the Go package the trace command was given, as Delve does: optimizations and inlining off
 * ({@code -gcflags='all=-N -l'}) so every function has its own code and its arguments live where DWARF says.
 */
final class GoBuild {
    private GoBuild() {
    }

    static void build(String pkg, Path output, boolean test, String buildFlags) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("go", test ? "test" : "build"));
        if (test) {
            cmd.add("-c");
        }
        cmd.add("-gcflags=all=-N -l");
        if (!buildFlags.isBlank()) {
            cmd.addAll(Arrays.asList(buildFlags.trim().split("\\s+")));
        }
        // A directory is built from inside it, so that its own go.mod decides the module (go resolves a path
        // argument against the module of the working directory otherwise).
        java.io.File dir = new java.io.File(pkg);
        boolean isDir = dir.isDirectory();
        cmd.addAll(List.of("-o", output.toAbsolutePath().toString(), isDir ? "." : pkg));
        // ProcessBuilder is fine here: the build runs before any tracing starts and is waited for at once.
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        if (isDir) {
            pb.directory(dir);
        }
        Process p = pb.start();
        int status = p.waitFor();
        if (status != 0) {
            throw new TinydbgException("build failed: " + String.join(" ", cmd) + " exited with status " + status);
        }
    }
}
