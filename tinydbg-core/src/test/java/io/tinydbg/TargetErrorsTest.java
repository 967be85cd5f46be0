package io.tinydbg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.tinydbg.engine.EngineOptions;
import io.tinydbg.engine.TraceEngine;
import io.tinydbg.ptrace.TargetExitedException;
import io.tinydbg.sys.LibC;
import io.tinydbg.sys.Spawner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed errors for programs tinydbg cannot trace and for targets that exit before tracing starts, with what
 * their messages must say.
 */
@Timeout(120)
class TargetErrorsTest {
    @TempDir
    Path tmp;

    /** waitid(2), to wait for a child's exit without reaping it (WNOWAIT), which leaves a zombie behind. */
    interface WaitId extends Library {
        WaitId C = Native.load("c", WaitId.class);
        int P_PID = 1;
        int WEXITED = 4;
        int WNOWAIT = 0x01000000;

        int waitid(int idType, int id, Pointer info, int options);
    }

    @Test
    void aScriptIsNotAnElfFileAndTheMessageSaysItIsAScript() throws Exception {
        Path script = Files.writeString(tmp.resolve("run.sh"), "#!/bin/sh -e\nexec ./prog \"$@\"\n");
        script.toFile().setExecutable(true);
        assertThatThrownBy(() -> Tracer.exec(script).functions("main").start())
                .isInstanceOf(UnsupportedTargetException.class)
                .hasMessage(script + " is not an ELF file but a script run by /bin/sh -e (trace the program it"
                        + " runs, or the interpreter itself); tinydbg traces x86-64 ELF programs");
        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello\n");
        assertThatThrownBy(() -> Tracer.exec(text).functions("main").start())
                .isInstanceOf(UnsupportedTargetException.class)
                .hasMessage(text + " is not an ELF file; tinydbg traces x86-64 ELF programs");
    }

    /**
     * The smallest aarch64 executable: ELF header, one PT_LOAD, and {@code mov x0, #0; mov x8, #93; svc #0}
     * (exit(0)) at its entry. Written byte by byte so the test needs no cross compiler.
     */
    static byte[] aarch64Executable() {
        ByteBuffer b = ByteBuffer.allocate(64 + 56 + 12).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}); // ELF64, little-endian, v1
        b.putShort((short) 2).putShort((short) 183).putInt(1); // ET_EXEC, EM_AARCH64, EV_CURRENT
        b.putLong(0x400000 + 120).putLong(64).putLong(0); // entry, program headers at 64, no section headers
        b.putInt(0).putShort((short) 64).putShort((short) 56).putShort((short) 1); // flags, sizes, one phdr
        b.putShort((short) 64).putShort((short) 0).putShort((short) 0);
        b.putInt(1).putInt(5).putLong(0).putLong(0x400000).putLong(0x400000); // PT_LOAD r-x from offset 0
        b.putLong(132).putLong(132).putLong(0x1000);
        b.putInt(0xd2800000).putInt(0xd2800ba8).putInt(0xd4000001);
        return b.array();
    }

    @Test
    void aForeignArchitectureIsNamedInTheMessage() throws Exception {
        Path arm = Files.write(tmp.resolve("arm-prog"), aarch64Executable());
        arm.toFile().setExecutable(true);
        assertThatThrownBy(() -> Tracer.exec(arm).functions("main").start())
                .isInstanceOf(UnsupportedTargetException.class)
                .hasMessage(arm + " is an ELF program for aarch64, not x86-64: tinydbg traces x86-64 programs only");
    }

    @Test
    void otherKindsOfElfFileAreRefusedWithWhatTheyAre() throws Exception {
        byte[] program = Files.readAllBytes(TracerTest.fixture("calls-O0"));
        byte[] object = program.clone();
        object[16] = 1; // e_type ET_REL
        Path o = Files.write(tmp.resolve("calls.o"), object);
        assertThatThrownBy(() -> Tracer.exec(o).functions("main").start())
                .isInstanceOf(UnsupportedTargetException.class)
                .hasMessage(o + " is a relocatable object, not a program");
        byte[] elf32 = program.clone();
        elf32[4] = 1; // ELFCLASS32
        Path p32 = Files.write(tmp.resolve("calls32"), elf32);
        assertThatThrownBy(() -> Tracer.exec(p32).functions("main").start())
                .isInstanceOf(UnsupportedTargetException.class)
                .hasMessageStartingWith(p32 + " is not an ELF file tinydbg can read (")
                .hasMessageContaining("ELF32")
                .hasMessageEndingWith("); tinydbg traces 64-bit little-endian x86-64 programs");
    }

    @Test
    void aProgramTheKernelCannotStartExitsBeforeTracingStarted() {
        Path noLoader = TracerTest.fixture("noloader");
        assertThatThrownBy(() -> Tracer.exec(noLoader).functions("^traced$").redirect(Path.of("/dev/null"),
                Path.of("/dev/null")).start())
                .isInstanceOfSatisfying(TargetExitedException.class, e -> assertThat(e.status()).isEqualTo(127))
                .hasMessageContaining(noLoader + " (pid ")
                .hasMessageEndingWith(") exited with status 127 before tracing started: the kernel found no file to"
                        + " execute (a missing ELF interpreter, ld.so, for example)");
    }

    @Test
    void attachingToAProcessThatHasAlreadyExitedSaysSo() throws Exception {
        int pid = Spawner.spawn(new Spawner.Spec(List.of("/bin/sh", "-c", "exit 3"), null, null, null, null, null));
        try (Memory info = new Memory(128)) {
            // the child has exited but stays a zombie: this JVM is its parent and has not reaped it
            assertThat(WaitId.C.waitid(WaitId.P_PID, pid, info, WaitId.WEXITED | WaitId.WNOWAIT)).isZero();
            String expected = "process " + pid + " exited with status 3 before tracing started (a zombie: its"
                    + " parent, process " + ProcessHandle.current().pid() + ", has not reaped it yet)";
            assertThatThrownBy(() -> Tracer.attach(pid).functions("main").start())
                    .isInstanceOfSatisfying(TargetExitedException.class, e -> assertThat(e.status()).isEqualTo(3))
                    .hasMessage(expected);
            // the engine's own attach, which gets as far as PTRACE_SEIZE (refused with EPERM for a zombie)
            assertThatThrownBy(() -> TraceEngine.attach(pid, EngineOptions.defaults(), null))
                    .isInstanceOf(TargetExitedException.class).hasMessage(expected);
        } finally {
            try (Memory st = new Memory(8)) {
                LibC.waitpid(pid, Pointer.nativeValue(st), 0);
            }
        }
    }
}
