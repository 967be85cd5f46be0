package io.tinydbg.elf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Header forms no fixture compiler produces here, made by editing a real binary: extended section numbering,
 * a file without section headers (as sstrip leaves it), and the aarch64 machine number.
 */
class HeaderVariantsTest {
    private static ByteBuffer sample() throws Exception {
        return ByteBuffer.wrap(Files.readAllBytes(Fixtures.path("sample-O0"))).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void extendedSectionNumberingIsResolvedThroughSectionZero() throws Exception {
        ByteBuffer b = sample();
        List<ElfSection> expected;
        try (ElfFile elf = ElfFile.fromBytes("plain", b.duplicate())) {
            expected = elf.sections();
        }
        int shoff = (int) b.getLong(40);
        int shnum = b.getShort(60);
        int shstrndx = b.getShort(62);
        b.putLong(shoff + 32, shnum); // section 0 sh_size = real count
        b.putInt(shoff + 40, shstrndx); // section 0 sh_link = real name table index
        b.putShort(60, (short) 0);
        b.putShort(62, (short) 0xffff);
        try (ElfFile elf = ElfFile.fromBytes("extended", b)) {
            assertThat(elf.header().shnum()).isEqualTo(shnum);
            assertThat(elf.header().shstrndx()).isEqualTo(shstrndx);
            assertThat(elf.sections()).extracting(ElfSection::name)
                    .containsExactlyElementsOf(expected.stream().map(ElfSection::name).toList());
        }
    }

    @Test
    void withoutSectionHeadersNotesDynamicAndCodeComeFromSegments() throws Exception {
        ByteBuffer b = sample();
        List<ElfNote> notes;
        List<DynamicEntry> dynamic;
        List<String> needed;
        ByteBuffer code;
        long entry;
        try (ElfFile elf = ElfFile.fromBytes("with", b.duplicate())) {
            notes = elf.notes();
            dynamic = elf.dynamic();
            needed = elf.neededLibraries();
            entry = elf.header().entry();
            code = elf.bytesAt(entry, 32).orElseThrow();
        }
        b.putLong(40, 0); // e_shoff
        b.putShort(60, (short) 0); // e_shnum
        b.putShort(62, (short) 0); // e_shstrndx
        try (ElfFile elf = ElfFile.fromBytes("without", b)) {
            assertThat(elf.sections()).isEmpty();
            assertThat(elf.notes()).isEqualTo(notes);
            assertThat(elf.buildIdHex()).isPresent();
            assertThat(elf.dynamic()).isEqualTo(dynamic);
            assertThat(elf.neededLibraries()).isEqualTo(needed).containsExactly("libc.so.6");
            assertThat(elf.bytesAt(entry, 32)).contains(code);
            assertThat(elf.symbols()).isEmpty();
        }
    }

    @Test
    void aarch64IsRecognisedByItsMachineNumber() throws Exception {
        ByteBuffer b = sample();
        b.putShort(18, (short) ElfHeader.EM_AARCH64);
        try (ElfFile elf = ElfFile.fromBytes("arm", b)) {
            assertThat(elf.header().isAarch64()).isTrue();
            assertThat(elf.header().isX86_64()).isFalse();
            assertThat(elf.header().machine()).isEqualTo(183);
        }
    }
}
