package io.tinydbg.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.uprobe.ProbeSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which readers a uprobe can serve: {@link CaptureCheck} watches what they touch on made-up hits. The readers here
 * stand for CallDecoder's (registers only, stack slots, a pointer followed once or twice, a float register), whose real use is
 * tested end to end in TracerGoTest and GoParityTest.
 */
class CaptureCheckTest {
    private static final long ENTRY = 0x401000;
    private static final long[] RETURNS = {0x401040, 0x401080};

    @Test
    void registersOnlyNeedNoWindow() {
        Optional<CaptureCheck.Window> w = CaptureCheck.of(ENTRY, RETURNS,
                hit -> hit.register(X86Registers.RAX), ret -> ret.rax());
        assertThat(w).contains(new CaptureCheck.Window(0, 0));
    }

    @Test
    void stackSlotsAboveAndBelowRspSizeTheWindow() {
        Optional<CaptureCheck.Window> w = CaptureCheck.of(ENTRY, RETURNS,
                hit -> hit.readMemory(hit.stackPointer() + 8, 16),
                ret -> ret.readMemory(ret.stackPointer() - 1056, 8));
        assertThat(w).contains(new CaptureCheck.Window(1056, 24));
    }

    @Test
    void memoryOnePointerAwayFromARegisterIsCopiedAsFarAsItIsRead() {
        Optional<CaptureCheck.Window> w = CaptureCheck.of(ENTRY, RETURNS, hit -> {
            hit.readMemory(hit.register(X86Registers.RBX), 8);
            hit.readMemory(hit.register(X86Registers.RBX) + 56, 8); // a slice's eighth element
            hit.readMemory(hit.register(X86Registers.RAX), 5);
        }, ret -> ret.readMemory(ret.rax(), 64));
        assertThat(w).contains(new CaptureCheck.Window(0, 0,
                List.of(new ProbeSpec.Deref(false, X86Registers.RBX, 64), new ProbeSpec.Deref(false,
                        X86Registers.RAX, 5)),
                List.of(new ProbeSpec.Deref(false, X86Registers.RAX, 64))));
    }

    @Test
    void memoryOnePointerAwayFromAStackSlotIsCopiedAndTheSlotIsInTheWindow() {
        Optional<CaptureCheck.Window> w = CaptureCheck.of(ENTRY, RETURNS, hit -> {
            long p = word(hit.readMemory(hit.stackPointer() + 8, 8));
            hit.readMemory(p, 4);
        }, ret -> {
            long p = word(ret.readMemory(ret.stackPointer() - 32, 8));
            ret.readMemory(p + 8, 8);
        });
        assertThat(w).contains(new CaptureCheck.Window(32, 16, List.of(new ProbeSpec.Deref(true, 8, 4)),
                List.of(new ProbeSpec.Deref(true, -32, 16))));
    }

    @Test
    void aPointerFollowedTwiceIsNotRecorded() {
        assertThat(CaptureCheck.of(ENTRY, RETURNS, hit -> {
            long p = word(hit.readMemory(hit.register(X86Registers.RBX), 8));
            hit.readMemory(p, 4);
        }, ret -> { })).isEmpty();
        assertThat(CaptureCheck.of(ENTRY, RETURNS, hit -> {
            long p = word(hit.readMemory(hit.stackPointer() + 8, 8));
            hit.readMemory(word(hit.readMemory(p, 8)), 4);
        }, ret -> { })).isEmpty();
    }

    @Test
    void aRegionLongerThanTheLimitIsRefused() {
        assertThat(CaptureCheck.of(ENTRY, RETURNS,
                hit -> hit.readMemory(hit.register(X86Registers.RBX), ProbeSpec.Deref.MAX_LENGTH + 1),
                ret -> { })).isEmpty();
    }

    @Test
    void theGoroutineAndRegistersAUprobeDoesNotRecordAreNotDereferenced() {
        assertThat(CaptureCheck.of(ENTRY, RETURNS, hit -> hit.readMemory(hit.register(X86Registers.R14) + 8, 8),
                ret -> { })).isEmpty();
        assertThat(CaptureCheck.of(ENTRY, RETURNS, hit -> hit.readMemory(hit.register(X86Registers.FS_BASE), 8),
                ret -> { })).isEmpty();
    }

    private static long word(byte[] b) {
        return java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void floatRegistersAreNotRecorded() {
        assertThat(CaptureCheck.of(ENTRY, RETURNS, hit -> { }, ReturnHit::xmm0)).isEmpty();
    }

    @Test
    void aWindowBeyondTheLimitIsRefused() {
        assertThat(CaptureCheck.of(ENTRY, RETURNS,
                hit -> hit.readMemory(hit.stackPointer() + CaptureCheck.MAX_WINDOW, 8), ret -> { })).isEmpty();
    }

    @Test
    void aReaderThatThrowsIsRefused() {
        assertThat(CaptureCheck.of(ENTRY, RETURNS, hit -> {
            throw new IllegalStateException("no DWARF here");
        }, ret -> { })).isEmpty();
    }

    @Test
    void returnReadersRunAtEachReturnSite() {
        java.util.List<Long> pcs = new java.util.ArrayList<>();
        CaptureCheck.of(ENTRY, RETURNS, hit -> pcs.add(hit.pc()), ret -> pcs.add(ret.pc()));
        assertThat(pcs).containsExactly(ENTRY, RETURNS[0], RETURNS[1]);
    }
}
