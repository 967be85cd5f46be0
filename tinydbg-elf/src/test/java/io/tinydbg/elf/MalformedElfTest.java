package io.tinydbg.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tinydbg.TinydbgException;
import io.tinydbg.bytes.MalformedInputException;
import io.tinydbg.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of bad or unsupported input gives its own typed exception with file, section and offset. */
class MalformedElfTest {
    @TempDir
    Path tmp;

    private static ByteBuffer sample() throws Exception {
        return ByteBuffer.wrap(Files.readAllBytes(Fixtures.path("sample-O0"))).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void aTextFileIsNotElf() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello, world\n");
        assertThatThrownBy(() -> ElfFile.open(text)).isInstanceOf(NotElfException.class)
                .hasMessageContaining("notes.txt").hasMessageContaining("not an ELF file");
        Path empty = Files.write(tmp.resolve("empty"), new byte[0]);
        assertThatThrownBy(() -> ElfFile.open(empty)).isInstanceOf(NotElfException.class);
    }

    @Test
    void elf32BigEndianAndUnknownVersionsAreUnsupportedWithAClearMessage() throws Exception {
        ByteBuffer b = sample();
        b.put(4, (byte) 1);
        assertThatThrownBy(() -> ElfFile.fromBytes("x32", b)).isInstanceOf(UnsupportedElfException.class)
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("ELF32 is not supported");
        ByteBuffer be = sample();
        be.put(5, (byte) 2);
        assertThatThrownBy(() -> ElfFile.fromBytes("be", be)).isInstanceOf(UnsupportedElfException.class)
                .hasMessageContaining("big-endian");
        ByteBuffer v = sample();
        v.put(6, (byte) 9);
        assertThatThrownBy(() -> ElfFile.fromBytes("v9", v)).isInstanceOf(UnsupportedElfException.class)
                .hasMessageContaining("unknown ELF version 9");
    }

    @Test
    void aTruncatedHeaderNamesTheElfHeader() throws Exception {
        ByteBuffer b = sample().limit(40);
        assertThatThrownBy(() -> ElfFile.fromBytes("short", b)).isExactlyInstanceOf(MalformedInputException.class)
                .satisfies(e -> assertThat(((MalformedInputException) e).section()).isEqualTo("ELF header"))
                .hasMessageContaining("short");
    }

    @Test
    void sectionHeadersOutsideTheFileAreReported() throws Exception {
        ByteBuffer b = sample();
        b.putLong(40, 0x7fff_ffff_ffffL); // e_shoff
        assertThatThrownBy(() -> ElfFile.fromBytes("far", b)).isExactlyInstanceOf(MalformedInputException.class)
                .hasMessageContaining("far: section headers").hasMessageContaining("pass the end");
    }

    @Test
    void aBadSectionNameTableIndexOrNameOffsetIsReported() throws Exception {
        ByteBuffer b = sample();
        b.putShort(62, (short) 500); // e_shstrndx
        assertThatThrownBy(() -> ElfFile.fromBytes("idx", b)).isExactlyInstanceOf(MalformedInputException.class)
                .hasMessageContaining("section name table index 500");
        ByteBuffer n = sample();
        long shoff = n.getLong(40);
        n.putInt((int) shoff + 64 * 3, 0x7fff0000); // sh_name of section 3
        assertThatThrownBy(() -> ElfFile.fromBytes("name", n)).isExactlyInstanceOf(MalformedInputException.class)
                .hasMessageContaining("name offset 0x7fff0000 of section 3");
    }

    @Test
    void sectionDataOutsideTheFileIsReportedWhenRead() throws Exception {
        ByteBuffer b = sample();
        int shoff = (int) b.getLong(40);
        int symtab = -1;
        try (ElfFile elf = ElfFile.fromBytes("ok", b.duplicate())) {
            symtab = elf.section(".symtab").orElseThrow().index();
        }
        b.putLong(shoff + 64 * symtab + 24, 0x10_0000_0000L); // sh_offset of .symtab
        try (ElfFile elf = ElfFile.fromBytes("off", b)) {
            assertThat(elf.sections()).isNotEmpty();
            assertThatThrownBy(elf::symbols).isExactlyInstanceOf(MalformedInputException.class)
                    .hasMessageContaining("off: .symtab").hasMessageContaining("lies outside");
        }
    }

    @Test
    void aCompressedSectionClaimingAHugeSizeIsRefusedWithoutAllocatingIt() throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(Fixtures.path("sample-gz"))).order(ByteOrder.LITTLE_ENDIAN);
        long offset;
        try (ElfFile elf = ElfFile.fromBytes("gz", b.duplicate())) {
            offset = elf.section(".debug_info").orElseThrow().offset();
        }
        b.putLong((int) offset + 8, 1L << 40); // ch_size
        try (ElfFile elf = ElfFile.fromBytes("gz", b)) {
            assertThatThrownBy(() -> elf.dwarfSections().section(".debug_info"))
                    .isExactlyInstanceOf(MalformedInputException.class)
                    .hasMessageContaining("gz: .debug_info").hasMessageContaining("exceeds the limit");
        }
        ByteBuffer small = ByteBuffer.wrap(Files.readAllBytes(Fixtures.path("sample-gz"))).order(ByteOrder.LITTLE_ENDIAN);
        small.putLong((int) offset + 8, 1L << 20); // plausible, but more than the stream holds
        try (ElfFile elf = ElfFile.fromBytes("gz", small)) {
            assertThatThrownBy(() -> elf.dwarfSections().section(".debug_info"))
                    .isExactlyInstanceOf(MalformedInputException.class).hasMessageContaining("zlib data ends");
        }
    }

    @Test
    void unreadableFilesGiveATinydbgExceptionNamingThem() {
        Path missing = tmp.resolve("missing");
        assertThatThrownBy(() -> ElfFile.open(missing)).isInstanceOf(TinydbgException.class)
                .hasMessageContaining("cannot read").hasMessageContaining("missing").hasMessageContaining("no such file");
        assertThatThrownBy(() -> ElfFile.open(tmp)).isInstanceOf(TinydbgException.class)
                .hasMessageContaining("cannot read");
    }

    @Test
    void aClosedFileRefusesFurtherReads() {
        ElfFile elf = ElfFile.open(Fixtures.path("sample-O0"));
        elf.close();
        assertThatThrownBy(elf::symbols).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(elf.header().type()).isEqualTo(ElfType.DYN);
    }
}
