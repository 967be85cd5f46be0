package io.tinydbg.elf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.testing.Fixtures;
import io.tinydbg.testing.Oracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Notes and build-ids ({@code readelf -n}), the dynamic section ({@code readelf -d}) and {@code .gnu_debuglink}. */
class NotesDynamicAndLinksTest {
    static List<Path> fixtures() {
        return ElfFixtures.all();
    }

    private static final Pattern NOTE = Pattern.compile("^\\s+(\\S+)\\s+0x([0-9a-f]{8})\\s+(.*)$");
    private static final Pattern BUILD_ID = Pattern.compile("Build ID: ([0-9a-f]+)$");
    private static final Pattern DATA = Pattern.compile("description data: ([0-9a-f ]+)$");

    @ParameterizedTest
    @MethodSource("fixtures")
    void notesEqualReadelf(Path file) {
        List<String> owners = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        List<String> descriptions = new ArrayList<>();
        String buildId = null;
        for (String line : Readelf.run("-n", file).split("\n")) {
            Matcher m = NOTE.matcher(line);
            Matcher b = BUILD_ID.matcher(line);
            if (b.find()) {
                buildId = b.group(1); // with -W readelf prints it on the note's own line
            }
            if (m.matches() && !line.contains("Owner")) {
                owners.add(m.group(1));
                sizes.add(Integer.parseInt(m.group(2), 16));
                Matcher d = DATA.matcher(m.group(3));
                descriptions.add(d.find() ? d.group(1).replace(" ", "") : null);
            }
        }
        try (ElfFile elf = ElfFile.open(file)) {
            List<ElfNote> notes = elf.notes();
            assertThat(notes).extracting(ElfNote::name).containsExactlyElementsOf(owners);
            assertThat(notes).extracting(n -> n.desc().length).containsExactlyElementsOf(sizes);
            for (int i = 0; i < notes.size(); i++) {
                if (descriptions.get(i) != null) {
                    assertThat(HexFormat.of().formatHex(notes.get(i).desc())).isEqualTo(descriptions.get(i));
                }
            }
            assertThat(elf.buildIdHex().orElse(null)).isEqualTo(buildId);
        }
    }

    private static final Pattern DYNAMIC = Pattern.compile("^\\s*0x([0-9a-f]{16}) \\((\\S+)\\)\\s+(.*)$");
    private static final Pattern LIBRARY = Pattern.compile("^Shared library: \\[(.*)]$");
    private static final Pattern SONAME = Pattern.compile("^Library soname: \\[(.*)]$");

    @ParameterizedTest
    @MethodSource("fixtures")
    void dynamicSectionEqualsReadelf(Path file) {
        List<Long> tags = new ArrayList<>();
        List<String> values = new ArrayList<>();
        List<String> needed = new ArrayList<>();
        String soname = null;
        for (String line : Readelf.run("-d", file).split("\n")) {
            Matcher m = DYNAMIC.matcher(line);
            if (!m.matches() || m.group(2).equals("NULL")) {
                continue;
            }
            tags.add(Readelf.hex(m.group(1)));
            values.add(m.group(3));
            Matcher lib = LIBRARY.matcher(m.group(3));
            Matcher so = SONAME.matcher(m.group(3));
            if (lib.matches()) {
                needed.add(lib.group(1));
            } else if (so.matches()) {
                soname = so.group(1);
            }
        }
        try (ElfFile elf = ElfFile.open(file)) {
            List<DynamicEntry> dynamic = elf.dynamic();
            assertThat(dynamic).extracting(DynamicEntry::tag).containsExactlyElementsOf(tags);
            for (int i = 0; i < dynamic.size(); i++) {
                String shown = values.get(i);
                if (shown.matches("0x[0-9a-f]+")) {
                    assertThat(dynamic.get(i).value()).isEqualTo(Readelf.hex(shown.substring(2)));
                } else if (shown.matches("\\d+ \\(bytes\\)")) {
                    assertThat(dynamic.get(i).value()).isEqualTo(Long.parseLong(shown.split(" ")[0]));
                }
            }
            assertThat(elf.neededLibraries()).containsExactlyElementsOf(needed);
            assertThat(elf.soname().orElse(null)).isEqualTo(soname);
        }
    }

    @Test
    void debugLinkNamesTheDebugFileWithItsCrc() throws Exception {
        Path binary = Fixtures.path("sample-debuglink");
        String dump = Oracle.run("readelf", "--string-dump=.gnu_debuglink", binary.toString());
        Matcher m = Pattern.compile("\\[\\s*0]\\s+(\\S+)").matcher(dump);
        assertThat(m.find()).isTrue();
        CRC32 crc = new CRC32();
        crc.update(Files.readAllBytes(Fixtures.path("sample-debuglink.debug")));
        try (ElfFile elf = ElfFile.open(binary)) {
            assertThat(elf.debugLink()).contains(new DebugLink(m.group(1), crc.getValue()));
            assertThat(elf.buildId()).isEmpty();
        }
        try (ElfFile elf = ElfFile.open(Fixtures.path("sample-O0"))) {
            assertThat(elf.debugLink()).isEmpty();
        }
    }
}
