package io.tinydbg.engine;

import io.tinydbg.sys.Spawner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What to launch: program, arguments, environment (null = the JVM's), working directory (null = the JVM's) and
 * standard streams (inherited unless redirected to files). Immutable; the {@code with*} methods return copies.
 */
public record LaunchSpec(Path program, List<String> arguments, Map<String, String> environment, Path directory,
        Spawner.Redirect stdin, Spawner.Redirect stdout, Spawner.Redirect stderr) {
    public LaunchSpec {
        arguments = List.copyOf(arguments);
        environment = environment == null ? null : Map.copyOf(environment);
    }

    public static LaunchSpec of(Path program, String... arguments) {
        return new LaunchSpec(program, List.of(arguments), null, null, null, null, null);
    }

    public LaunchSpec withEnvironment(Map<String, String> env) {
        return new LaunchSpec(program, arguments, env, directory, stdin, stdout, stderr);
    }

    public LaunchSpec withDirectory(Path dir) {
        return new LaunchSpec(program, arguments, environment, dir, stdin, stdout, stderr);
    }

    public LaunchSpec withStdin(Path file) {
        return new LaunchSpec(program, arguments, environment, directory, Spawner.Redirect.from(file), stdout, stderr);
    }

    public LaunchSpec withStdout(Path file) {
        return new LaunchSpec(program, arguments, environment, directory, stdin, Spawner.Redirect.to(file), stderr);
    }

    public LaunchSpec withStderr(Path file) {
        return new LaunchSpec(program, arguments, environment, directory, stdin, stdout, Spawner.Redirect.to(file));
    }

    Spawner.Spec toSpawnSpec() {
        List<String> cmd = new ArrayList<>();
        cmd.add(program.toAbsolutePath().toString());
        cmd.addAll(arguments);
        return new Spawner.Spec(cmd, environment, directory, stdin, stdout, stderr);
    }
}
