package io.tinydbg.sys;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** posix_spawn with redirections, environment and directory; wait statuses decoded as the shell reports them. */
class SpawnerTest {
    @TempDir
    Path tmp;

    private static WaitStatus waitFor(int pid) {
        try (Memory st = new Memory(8)) {
            LibC.waitpid(pid, Pointer.nativeValue(st), 0);
            return new WaitStatus(pid, st.getInt(0));
        }
    }

    private int sh(String script, Path out) {
        return Spawner.spawn(new Spawner.Spec(List.of("/bin/sh", "-c", script), Map.of("V", "x y"), tmp,
                null, Spawner.Redirect.to(out), null));
    }

    @Test
    void exitCodesSignalsEnvironmentAndDirectory() throws Exception {
        Path out = tmp.resolve("out");
        WaitStatus ok = waitFor(sh("echo \"$V\"; pwd; exit 3", out));
        assertThat(ok.exited()).isTrue();
        assertThat(ok.exitCode()).isEqualTo(3);
        assertThat(ok.shellStatus()).isEqualTo(3);
        assertThat(Files.readAllLines(out)).containsExactly("x y", tmp.toRealPath().toString());
        WaitStatus killed = waitFor(sh("kill -TERM $$", out));
        assertThat(killed.signaled()).isTrue();
        assertThat(killed.termSignal()).isEqualTo(Signals.SIGTERM);
        assertThat(killed.shellStatus()).isEqualTo(128 + 15);
        assertThat(killed.stopped()).isFalse();
    }

    @Test
    void spawnStoppedStopsBeforeExec() throws Exception {
        Path out = tmp.resolve("out");
        int pid = Spawner.spawnStopped(new Spawner.Spec(List.of("/bin/echo", "ran"), null, null, null,
                Spawner.Redirect.to(out), null));
        WaitStatus st;
        try (Memory m = new Memory(8)) {
            LibC.waitpid(pid, Pointer.nativeValue(m), 2 /* WUNTRACED */);
            st = new WaitStatus(pid, m.getInt(0));
        }
        assertThat(st.stopped()).isTrue();
        assertThat(st.stopSignal()).isEqualTo(Signals.SIGSTOP);
        assertThat(Files.size(out)).isZero(); // the program has not run yet
        LibC.kill(pid, Signals.SIGCONT);
        assertThat(waitFor(pid).exitCode()).isZero();
        assertThat(Files.readString(out).trim()).isEqualTo("ran");
        assertThat(Spawner.spawnedHere(pid)).isTrue();
    }
}
