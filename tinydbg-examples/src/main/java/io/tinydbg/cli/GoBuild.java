package io.tinydbg.cli;

import io.tinydbg.TinydbgException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the Go package (or {@code .go} file) the trace command was given, as Delve does: optimizations and
 * inlining off ({@code -gcflags='all=-N -l'}) so every function has its own code and its arguments live where DWARF
 * says; {@code go test -c} for a test binary. The build's own output goes to stderr, where the user sees the
 * compiler's messages next to tinydbg's.
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
        cmd.addAll(BuildFlags.split(buildFlags));
        // A directory, or a .go file, is built from inside its directory so that its own go.mod decides the module
        // (go resolves a path argument against the module of the working directory otherwise). Anything else is
        // an import path, resolved from the current directory as go itself would.
        Path path = Path.of(pkg);
        Path dir = null;
        String target = pkg;
        if (Files.isDirectory(path)) {
            dir = path;
            target = ".";
        } else if (pkg.endsWith(".go") && Files.isRegularFile(path)) {
            dir = path.toAbsolutePath().getParent();
            target = path.getFileName().toString();
        }
        cmd.addAll(List.of("-o", output.toAbsolutePath().toString(), target));
        // ProcessBuilder is fine here: the build runs before any tracing starts and is waited for at once.
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.INHERIT);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p = pb.start();
        // go test prints build failures on stdout; both streams go to our stderr, stdout belongs to the target
        p.getInputStream().transferTo(System.err);
        System.err.flush();
        int status = p.waitFor();
        if (status != 0) {
            throw new TinydbgException("build failed: " + String.join(" ", cmd) + " exited with status " + status);
        }
    }
}
