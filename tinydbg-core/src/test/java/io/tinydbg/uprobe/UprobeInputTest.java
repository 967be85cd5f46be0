package io.tinydbg.uprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input and failing system calls give typed exceptions that say what was wrong; file offsets agree with
 * objdump's.
 */
class UprobeInputTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void uprobesWork() {
        UprobeSupport.unavailableReason().ifPresent(r -> fail("uprobe recording unavailable: " + r));
    }

    @Test
    void supportIsCheckedOnceAndAvailableHere() {
        assertThat(UprobeSupport.unavailableReason()).isEmpty();
        assertThat(UprobeSupport.unavailableReason()).isSameAs(UprobeSupport.unavailableReason());
    }

    @Test
    void fileOffsetsMatchObjdumpForPieAndNonPieBinaries() {
        for (String name : new String[] {"uprobed", "recurse-nopie", "gowork"}) {
            Path bin = UprobeTarget.binary().resolveSibling(name);
            String dis = UprobeTarget.objdump(bin, "-d", "-F");
            Matcher m = Pattern.compile("(?m)^([0-9a-f]+) <(main|main\\.main)> \\(File Offset: 0x([0-9a-f]+)\\):")
                    .matcher(dis);
            assertThat(m.find()).as(name).isTrue();
            long vaddr = Long.parseLong(m.group(1), 16);
            assertThat(UprobeAddress.fileOffset(bin, vaddr)).as(name).isEqualTo(Long.parseLong(m.group(3), 16));
        }
    }

    @Test
    void addressesAndOffsetsOutsideExecutableCodeAreRefused() {
        Path bin = UprobeTarget.binary();
        assertThatThrownBy(() -> UprobeAddress.fileOffset(bin, 0)).isInstanceOf(UprobeException.class)
                .hasMessageContaining("0x0 is in no executable PT_LOAD segment of " + bin);
        assertThatThrownBy(() -> UprobeAddress.fileOffset(bin, -1)).isInstanceOf(UprobeException.class);
        assertThatThrownBy(() -> UprobeAddress.fileOffset(tmp.resolve("nope"), 0x1000))
                .isInstanceOf(UprobeException.class).hasMessageContaining("nope").hasMessageContaining("no such file");
        try (UprobeRecorder rec = UprobeRecorder.open(4096)) {
            ProbeSpec spec = ProbeSpec.nativeCode(1, 1, 0, 0);
            assertThatThrownBy(() -> rec.addProbe(tmp.resolve("nope"), 0x1000, spec))
                    .isInstanceOf(UprobeException.class).hasMessageContaining("nope");
            assertThatThrownBy(() -> rec.addProbe(Path.of("/etc/hostname"), 0, spec))
                    .isInstanceOf(UprobeException.class).hasMessageContaining("/etc/hostname");
            assertThatThrownBy(() -> rec.addProbe(bin, 0, spec)).isInstanceOf(UprobeException.class)
                    .hasMessage("file offset 0x0 is in no executable PT_LOAD segment of " + bin);
            assertThatThrownBy(() -> rec.addProbe(bin, 1L << 40, spec)).isInstanceOf(UprobeException.class)
                    .hasMessageContaining("0x10000000000");
        }
    }

    @Test
    void badSpecsAndSizesNameTheBadValue() {
        assertThatThrownBy(() -> ProbeSpec.nativeCode(1, 1, 7, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stackBelow").hasMessageEndingWith(": 7");
        assertThatThrownBy(() -> ProbeSpec.nativeCode(1, 1, 0, 4104)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stackAbove").hasMessageEndingWith(": 4104");
        assertThatThrownBy(() -> ProbeSpec.nativeCode(1, 1, -8, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stackBelow");
        assertThatThrownBy(() -> ProbeSpec.nativeCode(1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tgid").hasMessageEndingWith(": 0");
        assertThatThrownBy(() -> new ProbeSpec(1, 1, 0, 0, 1L << 32, -1, -1, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("goidOffset");
        assertThatThrownBy(() -> new ProbeSpec(1, 1, 0, 0, 152, 1L << 40, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mOffset");
        assertThat(new ProbeSpec(1, 1, 512, 512, 152, 48, 0, 192).recordBytes()).isEqualTo(224 + 1024);
        // derefs: 16-byte header and the data padded to 8 bytes each
        assertThat(ProbeSpec.nativeCode(1, 1, 0, 16).withDerefs(java.util.List.of(
                new ProbeSpec.Deref(false, 14, 5), new ProbeSpec.Deref(true, 8, 64))).recordBytes())
                .isEqualTo(224 + 16 + 16 + 8 + 16 + 64);
        assertThatThrownBy(() -> new ProbeSpec.Deref(false, 14, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(": 0");
        assertThatThrownBy(() -> new ProbeSpec.Deref(false, 14, 4097))
                .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith(": 4097");
        assertThatThrownBy(() -> new ProbeSpec.Deref(false, 21, 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("register").hasMessageEndingWith(": 21");
        assertThatThrownBy(() -> new ProbeSpec.Deref(true, 4, 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiple of 8").hasMessageEndingWith(": 4");
        assertThatThrownBy(() -> ProbeSpec.nativeCode(1, 1, 8, 16).withDerefs(
                java.util.List.of(new ProbeSpec.Deref(true, 16, 8)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stack slot rsp+16 is outside the window (8 bytes below rsp, 16 above)");
        assertThatThrownBy(() -> ProbeSpec.nativeCode(1, 1, 8, 16).withDerefs(
                java.util.List.of(new ProbeSpec.Deref(true, -16, 8)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rsp-16");
        assertThatThrownBy(() -> ProbeSpec.nativeCode(1, 1, 0, 0).withDerefs(
                java.util.Collections.nCopies(17, new ProbeSpec.Deref(false, 1, 8))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("at most 16 derefs: 17");

        assertThatThrownBy(() -> UprobeRecorder.open(3000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3000");
        assertThatThrownBy(() -> UprobeRecorder.open(2048)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UprobeRecorder.open(1L << 31)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UprobeRecorder.open(4096, 4097)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4097");
    }

    @Test
    void failingCallsNameTheCallTheErrnoAndThePurpose() {
        UprobeException lookup = catchUprobe(() -> Bpf.lookupU64(-1, 0));
        assertThat(lookup.syscall()).isEqualTo("bpf(BPF_MAP_LOOKUP_ELEM)");
        assertThat(lookup.errno()).isEqualTo(9);
        assertThat(lookup).hasMessage("bpf(BPF_MAP_LOOKUP_ELEM) failed with EBADF (key 0 of map fd -1)");
        assertThat(lookup.shortReason()).isEqualTo("bpf(BPF_MAP_LOOKUP_ELEM): EBADF");

        Path bin = UprobeTarget.binary();
        UprobeException open = catchUprobe(() -> PerfUprobe.open(PerfUprobe.pmuType(), tmp.resolve("gone"), 0x10,
                -1));
        assertThat(open).hasMessage("perf_event_open failed with ENOENT: no such file (uprobe on "
                + tmp.resolve("gone") + " at file offset 0x10)");
        UprobeException attach = catchUprobe(() -> PerfUprobe.open(PerfUprobe.pmuType(), bin,
                UprobeAddress.fileOffset(bin, UprobeTarget.symbol("work")), -1));
        assertThat(attach.syscall()).isEqualTo("ioctl(PERF_EVENT_IOC_SET_BPF)");
        assertThat(attach).hasMessageContaining("EBADF").hasMessageContaining(bin.toString());
    }

    @Test
    void aRejectedProgramBringsTheVerifierLog() {
        BpfAssembler a = new BpfAssembler();
        a.exit(); // r0 never set
        UprobeException e = catchUprobe(() -> Bpf.loadProgram(Bpf.BPF_PROG_TYPE_KPROBE, 0, a.bytes(), "bad",
                "a test program"));
        assertThat(e.syscall()).isEqualTo("bpf(BPF_PROG_LOAD)");
        assertThat(e).hasMessageStartingWith("bpf(BPF_PROG_LOAD) failed with EACCES (a test program):\n"
                + "verifier log:\n").hasMessageContaining("R0 !read_ok");
    }

    private static UprobeException catchUprobe(Runnable r) {
        try {
            r.run();
        } catch (UprobeException e) {
            return e;
        }
        throw new AssertionError("no UprobeException");
    }
}
