package io.tinydbg.elf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.dwarf.DwarfSections;
import io.tinydbg.testing.Fixtures;
import io.tinydbg.testing.Oracle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compressed debug sections (gcc's -gz=zlib and -gz=zlib-gnu, ld's zstd, Go's zlib) decompress to exactly the
 * bytes objcopy --decompress-debug-sections produces; uncompressed ones come through unchanged.
 */
class DecompressionTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"sample-gz", "sample-zdebug", "sample-zstd", "gosample", "gosample-nl",
        "gosample-nocompress", "sample-O0", "shapes-O2"})
    void debugSectionsEqualObjcopysDecompression(String fixture) {
        Path file = Fixtures.path(fixture);
        Path oracle = ObjcopyOracle.decompressed(file, tmp);
        try (ElfFile elf = ElfFile.open(file); ElfFile plain = ElfFile.open(oracle)) {
            DwarfSections dwarf = elf.dwarfSections();
            List<String> names = new ArrayList<>();
            for (ElfSection s : plain.sections()) {
                if (s.name().startsWith(".debug_")) {
                    names.add(s.name());
                    ByteBuffer data = dwarf.section(s.name()).orElseThrow();
                    assertThat(data.position()).isZero();
                    assertThat(data.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
                    assertThat(data.isReadOnly()).isTrue();
                    assertThat(ObjcopyOracle.bytes(data)).as(s.name())
                            .isEqualTo(ObjcopyOracle.section(oracle, s.name(), tmp));
                }
            }
            assertThat(names).contains(".debug_info", ".debug_abbrev", ".debug_line");
            boolean compressed = elf.sections().stream()
                    .anyMatch(s -> s.isCompressed() || s.name().startsWith(".zdebug_"));
            assertThat(compressed).isEqualTo(!fixture.equals("gosample-nocompress") && !fixture.equals("sample-O0")
                    && !fixture.equals("shapes-O2"));
            assertThat(dwarf.sourceName()).isEqualTo(elf.name());
            assertThat(dwarf.section(".debug_nonexistent")).isEmpty();
        }
    }

    @Test
    void sectionsAreDecodedOnceAndHandedOutAsIndependentBuffers() {
        try (ElfFile elf = ElfFile.open(Fixtures.path("sample-zstd"))) {
            ElfSection info = elf.section(".debug_info").orElseThrow();
            assertThat(info.isCompressed()).isTrue();
            ByteBuffer a = elf.sectionData(info);
            a.position(10);
            ByteBuffer b = elf.sectionData(info);
            assertThat(b.position()).isZero();
            assertThat(b.limit()).isGreaterThan((int) info.size());
            assertThat(elf.rawSectionData(info).limit()).isEqualTo((int) info.size());
        }
    }

    @Test
    void nobitsSectionsAreEmptyAndAddressesComeFromLoadedSections() {
        try (ElfFile elf = ElfFile.open(Fixtures.path("sample-O0"))) {
            ElfSection bss = elf.section(".bss").orElseThrow();
            assertThat(elf.sectionData(bss).remaining()).isZero();
            DwarfSections dwarf = elf.dwarfSections();
            assertThat(dwarf.sectionAddress(".eh_frame").getAsLong())
                    .isEqualTo(elf.section(".eh_frame").orElseThrow().addr()).isPositive();
            assertThat(dwarf.sectionAddress(".debug_info")).isEmpty();
            assertThat(dwarf.section(".eh_frame_hdr")).isPresent();
        }
        try (ElfFile debug = ElfFile.open(Fixtures.path("sample-debuglink.debug"))) {
            // objcopy --only-keep-debug turns loaded sections into NOBITS: no bytes to hand to DWARF.
            assertThat(debug.section(".eh_frame").orElseThrow().isNoBits()).isTrue();
            assertThat(debug.dwarfSections().section(".eh_frame")).isEmpty();
            assertThat(debug.dwarfSections().section(".debug_info")).isPresent();
        }
    }

    @Test
    void miniDebugInfoSymbolsEqualNmOfTheXzDecompressedImage() throws Exception {
        Path file = Fixtures.path("sample-minidebug");
        Path xz = tmp.resolve("mini.xz");
        Oracle.run("objcopy", "--dump-section", ".gnu_debugdata=" + xz, file.toString(), tmp.resolve("junk").toString());
        Oracle.run("xz", "-d", xz.toString());
        Path mini = tmp.resolve("mini");
        List<String> expected = Oracle.run("nm", "--format=posix", mini.toString()).lines().sorted().toList();
        try (ElfFile elf = ElfFile.open(file)) {
            assertThat(elf.symbols()).isEmpty();
            ElfFile embedded = elf.miniDebugInfo().orElseThrow();
            assertThat(embedded.name()).contains("sample-minidebug").contains(".gnu_debugdata");
            assertThat(embedded.path()).isEmpty();
            List<String> actual = new ArrayList<>();
            for (ElfSymbol s : embedded.symbols()) {
                if (!s.name().isEmpty() && s.type() != ElfSymbol.STT_FILE && s.type() != ElfSymbol.STT_SECTION) {
                    actual.add(s.name() + " " + (s.isFunction() ? (s.binding() == ElfSymbol.STB_LOCAL ? "t" : "T")
                            : "?") + " " + Long.toHexString(s.value()) + " " + (s.size() == 0 ? "" : Long.toHexString(s.size())));
                }
            }
            assertThat(actual.stream().sorted().toList()).isEqualTo(expected);
            assertThat(expected).anyMatch(l -> l.startsWith("file_local t "));
            assertThat(elf.miniDebugInfo().get()).isSameAs(embedded);
            assertThat(embedded.miniDebugInfo()).isEmpty();
        }
        try (ElfFile elf = ElfFile.open(Fixtures.path("sample-O0"))) {
            assertThat(elf.miniDebugInfo()).isEmpty();
        }
    }

    @Test
    void miniDebugInfoWithCompressedDwarfInsideDecodesBothLayers() throws Exception {
        Path file = Fixtures.path("sample-minidebug-full");
        Path xz = tmp.resolve("full.xz");
        Oracle.run("objcopy", "--dump-section", ".gnu_debugdata=" + xz, file.toString(), tmp.resolve("junk").toString());
        Oracle.run("xz", "-d", xz.toString());
        Path oracle = ObjcopyOracle.decompressed(tmp.resolve("full"), tmp);
        try (ElfFile elf = ElfFile.open(file)) {
            ElfFile embedded = elf.miniDebugInfo().orElseThrow();
            assertThat(embedded.section(".debug_info").orElseThrow().isCompressed()).isTrue();
            Optional<ByteBuffer> info = embedded.dwarfSections().section(".debug_info");
            assertThat(ObjcopyOracle.bytes(info.orElseThrow()))
                    .isEqualTo(ObjcopyOracle.section(oracle, ".debug_info", tmp));
            assertThat(embedded.size()).isEqualTo(Files.size(tmp.resolve("full")));
        }
    }
}
