package io.tinydbg.elf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.testing.Oracle;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Header, section headers and program headers of every fixture kind, compared with {@code readelf -h/-S/-l}. */
class SectionsAndSegmentsTest {
    static List<Path> fixtures() {
        return ElfFixtures.all();
    }

    private static final Map<Integer, String> SECTION_TYPES = Map.ofEntries(Map.entry(0, "NULL"),
            Map.entry(1, "PROGBITS"), Map.entry(2, "SYMTAB"), Map.entry(3, "STRTAB"), Map.entry(4, "RELA"),
            Map.entry(5, "HASH"), Map.entry(6, "DYNAMIC"), Map.entry(7, "NOTE"), Map.entry(8, "NOBITS"),
            Map.entry(9, "REL"), Map.entry(11, "DYNSYM"), Map.entry(14, "INIT_ARRAY"), Map.entry(15, "FINI_ARRAY"),
            Map.entry(17, "GROUP"), Map.entry(0x6ffffff6, "GNU_HASH"), Map.entry(0x6ffffffd, "VERDEF"),
            Map.entry(0x6ffffffe, "VERNEED"), Map.entry(0x6fffffff, "VERSYM"),
            Map.entry(0x70000001, "X86_64_UNWIND"));

    /** readelf's flag letters, in readelf's order. */
    private static String flagLetters(long flags) {
        String letters = "WAXxMSILOGTC";
        long[] bits = {0x1, 0x2, 0x4, -1, 0x10, 0x20, 0x40, 0x80, 0x100, 0x200, 0x400, 0x800};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bits.length; i++) {
            if (bits[i] != -1 && (flags & bits[i]) != 0) {
                sb.append(letters.charAt(i));
            }
        }
        if ((flags & 0x80000000L) != 0) {
            sb.append('E');
        }
        if ((flags & 0x200000L) != 0) {
            sb.append('R');
        }
        return sb.toString();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void headerEqualsReadelf(Path file) {
        String out = Readelf.run("-h", file);
        try (ElfFile elf = ElfFile.open(file)) {
            ElfHeader h = elf.header();
            assertThat(field(out, "Type")).startsWith(h.type().name());
            assertThat(field(out, "Machine")).isEqualTo(h.isX86_64() ? "Advanced Micro Devices X86-64" : "?");
            assertThat(Long.decode(field(out, "Entry point address"))).isEqualTo(h.entry());
            assertThat(Integer.parseInt(field(out, "Number of section headers"))).isEqualTo(h.shnum());
            assertThat(Integer.parseInt(field(out, "Number of program headers"))).isEqualTo(h.phnum());
            assertThat(Integer.parseInt(field(out, "Section header string table index"))).isEqualTo(h.shstrndx());
            assertThat(h.isAarch64()).isFalse();
        }
    }

    private static String field(String readelfOut, String name) {
        Matcher m = Pattern.compile("^\\s*" + Pattern.quote(name) + ":\\s+(.*?)\\s*$", Pattern.MULTILINE)
                .matcher(readelfOut);
        assertThat(m.find()).as(name).isTrue();
        return m.group(1);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void sectionsEqualReadelf(Path file) {
        List<Readelf.Section> expected = Readelf.sections(file);
        try (ElfFile elf = ElfFile.open(file)) {
            assertThat(expected).isNotEmpty();
            assertThat(elf.sections()).hasSameSizeAs(expected);
            for (Readelf.Section e : expected) {
                ElfSection s = elf.sections().get(e.index());
                assertThat(s.index()).isEqualTo(e.index());
                assertThat(s.name()).isEqualTo(e.name());
                if (SECTION_TYPES.containsKey(s.type())) {
                    assertThat(SECTION_TYPES.get(s.type())).as(s.name()).isEqualTo(e.type());
                }
                assertThat(s.addr()).as(s.name()).isEqualTo(e.addr());
                assertThat(s.offset()).as(s.name()).isEqualTo(e.offset());
                assertThat(s.size()).as(s.name()).isEqualTo(e.size());
                assertThat(s.entsize()).as(s.name()).isEqualTo(e.entsize());
                // SHF_GNU_RETAIN shows as "R" or, depending on the OS ABI, as "o" (OS-specific).
                assertThat(flagLetters(s.flags())).as(s.name()).isEqualTo(e.flags().replace('o', 'R'));
                assertThat(s.link()).as(s.name()).isEqualTo(e.link());
                assertThat(s.info()).as(s.name()).isEqualTo(e.info());
                assertThat(s.addralign()).as(s.name()).isEqualTo(e.align());
                assertThat(elf.section(s.name())).isPresent();
            }
        }
    }

    private static final Map<Integer, String> SEGMENT_TYPES = Map.of(1, "LOAD", 2, "DYNAMIC", 3, "INTERP", 4,
            "NOTE", 6, "PHDR", 7, "TLS", 0x6474e550, "GNU_EH_FRAME", 0x6474e551, "GNU_STACK", 0x6474e552,
            "GNU_RELRO", 0x6474e553, "GNU_PROPERTY");

    @ParameterizedTest
    @MethodSource("fixtures")
    void segmentsEqualReadelf(Path file) {
        List<Readelf.Segment> expected = Readelf.segments(file);
        try (ElfFile elf = ElfFile.open(file)) {
            assertThat(elf.segments()).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                Readelf.Segment e = expected.get(i);
                ElfSegment s = elf.segments().get(i);
                assertThat(SEGMENT_TYPES.getOrDefault(s.type(), e.type())).isEqualTo(e.type());
                assertThat(s.offset()).isEqualTo(e.offset());
                assertThat(s.vaddr()).isEqualTo(e.vaddr());
                assertThat(s.paddr()).isEqualTo(e.paddr());
                assertThat(s.filesz()).isEqualTo(e.filesz());
                assertThat(s.memsz()).isEqualTo(e.memsz());
                assertThat(s.align()).isEqualTo(e.align());
                String flags = ((s.flags() & ElfSegment.PF_R) != 0 ? "R" : " ")
                        + ((s.flags() & ElfSegment.PF_W) != 0 ? "W" : " ")
                        + ((s.flags() & ElfSegment.PF_X) != 0 ? "E" : " ");
                assertThat(flags).isEqualTo(e.flags());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void bytesAtAFunctionEqualObjcopysSectionDump(Path file) throws Exception {
        try (ElfFile elf = ElfFile.open(file)) {
            ElfSection text = elf.section(".text").orElseThrow();
            if (text.isNoBits() || elf.header().type() == ElfType.REL) {
                return; // debug-only files have no code; in objects every section starts at address 0
            }
            Path dump = java.nio.file.Files.createTempFile("tinydbg-text", ".bin");
            try {
                Oracle.run("objcopy", "-O", "binary", "--only-section=.text", file.toString(), dump.toString());
                byte[] all = java.nio.file.Files.readAllBytes(dump);
                long from = text.addr() + text.size() / 3;
                byte[] expected = java.util.Arrays.copyOfRange(all, (int) (text.size() / 3),
                        (int) (text.size() / 3) + 16);
                byte[] actual = new byte[16];
                elf.bytesAt(from, 16).orElseThrow().get(actual);
                assertThat(actual).isEqualTo(expected);
                assertThat(elf.bytesAt(text.addr() + text.size() - 4, 8)).isEmpty();
            } finally {
                java.nio.file.Files.deleteIfExists(dump);
            }
        }
    }
}
