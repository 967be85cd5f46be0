package io.tinydbg.sys;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import io.tinydbg.TinydbgException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts processes with {@code posix_spawn}, never {@code ProcessBuilder}: the JDK's reaper thread would call
 * {@code waitpid} on the child and could swallow ptrace stops. The child is a child of the calling thread, so the
 * same thread's {@code waitpid(__WNOTHREAD)} sees it.
 *
 * <p>{@link #spawnStopped} wraps the program in {@code /bin/sh -c 'kill -STOP $$; exec "$0" "$@"'}: the shell
 * stops itself before the exec, so the tracer can seize it and be armed at the exec stop, before the target's first
 * instruction (the dynamic loader's) runs.
 */
public final class Spawner {
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int O_CREAT = 0100;
    private static final int O_TRUNC = 01000;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final Set<Integer> SPAWNED = ConcurrentHashMap.newKeySet();

    /** Where a standard stream of the child goes: inherited from the JVM, or a file. */
    public record Redirect(Path file, boolean append) {
        public static final Redirect INHERIT = new Redirect(null, false);

        public static Redirect to(Path file) {
            return new Redirect(file, false);
        }

        public static Redirect from(Path file) {
            return new Redirect(file, false);
        }
    }

    /** What to start: program and arguments, environment (null = the JVM's), working directory (null = ours). */
    public record Spec(List<String> command, Map<String, String> environment, Path directory, Redirect stdin,
            Redirect stdout, Redirect stderr) {
        public Spec {
            command = List.copyOf(command);
            if (command.isEmpty()) {
                throw new IllegalArgumentException("empty command");
            }
            stdin = stdin == null ? Redirect.INHERIT : stdin;
            stdout = stdout == null ? Redirect.INHERIT : stdout;
            stderr = stderr == null ? Redirect.INHERIT : stderr;
        }

        public static Spec of(String... command) {
            return new Spec(List.of(command), null, null, null, null, null);
        }
    }

    private Spawner() {
    }

    /** Spawns {@code spec} running freely; returns its pid. */
    public static int spawn(Spec spec) {
        return spawnArgv(spec, spec.command());
    }

    /** Spawns {@code spec} behind a shell that stops itself (SIGSTOP) just before exec'ing the program. */
    public static int spawnStopped(Spec spec) {
        List<String> argv = new ArrayList<>();
        argv.add("/bin/sh");
        argv.add("-c");
        argv.add("kill -STOP $$; exec \"$0\" \"$@\"");
        argv.addAll(spec.command());
        return spawnArgv(spec, argv);
    }

    /** True if this JVM started {@code pid} through this class (and not through ProcessBuilder). */
    public static boolean spawnedHere(int pid) {
        return SPAWNED.contains(pid);
    }

    private static int spawnArgv(Spec spec, List<String> argv) {
        try (Memory actions = new Memory(256); Memory attr = new Memory(512); Memory sigset = new Memory(128);
                Memory pid = new Memory(8)) {
            long fa = Pointer.nativeValue(actions);
            long at = Pointer.nativeValue(attr);
            check(LibC.posix_spawn_file_actions_init(fa), "posix_spawn_file_actions_init");
            check(LibC.posix_spawnattr_init(at), "posix_spawnattr_init");
            try {
                redirect(fa, 0, spec.stdin(), O_RDONLY);
                redirect(fa, 1, spec.stdout(), O_WRONLY | O_CREAT | O_TRUNC);
                redirect(fa, 2, spec.stderr(), O_WRONLY | O_CREAT | O_TRUNC);
                // The JVM's own descriptors are not close-on-exec: without this a child would hold, say, the write
                // end of a pipe it reads from and never see end of file.
                check(LibC.posix_spawn_file_actions_addclosefrom_np(fa, 3), "addclosefrom");
                if (spec.directory() != null) {
                    check(LibC.posix_spawn_file_actions_addchdir_np(fa, spec.directory().toString()), "addchdir");
                }
                // The JVM blocks and ignores some signals in its threads; give the child a clean slate.
                long ss = Pointer.nativeValue(sigset);
                LibC.sigemptyset(ss);
                check(LibC.posix_spawnattr_setsigmask(at, ss), "setsigmask");
                LibC.sigfillset(ss);
                check(LibC.posix_spawnattr_setsigdefault(at, ss), "setsigdefault");
                check(LibC.posix_spawnattr_setflags(at, (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)),
                        "setflags");
                StringArray args = new StringArray(argv.toArray(new String[0]));
                Map<String, String> env = spec.environment() == null ? System.getenv() : spec.environment();
                List<String> envList = new ArrayList<>();
                env.forEach((k, v) -> envList.add(k + "=" + v));
                StringArray envp = new StringArray(envList.toArray(new String[0]));
                int rc = LibC.posix_spawn(Pointer.nativeValue(pid), argv.get(0), fa, at, Pointer.nativeValue(args),
                        Pointer.nativeValue(envp));
                if (rc != 0) {
                    throw new TinydbgException("cannot start " + argv.get(0) + ": " + Errno.describe(rc));
                }
                int p = pid.getInt(0);
                SPAWNED.add(p);
                return p;
            } finally {
                LibC.posix_spawn_file_actions_destroy(fa);
                LibC.posix_spawnattr_destroy(at);
            }
        }
    }

    private static void redirect(long fa, int fd, Redirect r, int flags) {
        if (r.file() != null) {
            int f = r.append() ? (flags & ~O_TRUNC) | 02000 : flags;
            check(LibC.posix_spawn_file_actions_addopen(fa, fd, r.file().toString(), f, 0644), "addopen " + fd);
        }
    }

    private static void check(int rc, String what) {
        if (rc != 0) {
            throw new TinydbgException(what + " failed: " + Errno.describe(rc));
        }
    }
}
