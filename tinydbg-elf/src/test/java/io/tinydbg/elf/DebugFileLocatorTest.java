package io.tinydbg.elf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Separate debug files found by build-id and by .gnu_debuglink (with its CRC), where the fixture build put them. */
class DebugFileLocatorTest {
    @TempDir
    Path tmp;

    @Test
    void findsTheDebugFileByBuildIdUnderADebugRoot() {
        Path binary = Fixtures.path("sample-buildid");
        Matcher m = Pattern.compile("Build ID: ([0-9a-f]+)").matcher(Readelf.run("-n", binary));
        assertThat(m.find()).isTrue();
        String id = m.group(1);
        Path root = Fixtures.dir().resolve("debugroot");
        try (ElfFile elf = ElfFile.open(binary)) {
            assertThat(new DebugFileLocator(List.of(tmp, root)).find(binary, elf))
                    .contains(root.resolve(".build-id/" + id.substring(0, 2) + "/" + id.substring(2) + ".debug"));
            assertThat(new DebugFileLocator(List.of(tmp)).find(binary, elf)).isEmpty();
        }
    }

    @Test
    void findsTheDebuglinkTargetNextToTheBinary() {
        Path binary = Fixtures.path("sample-debuglink");
        try (ElfFile elf = ElfFile.open(binary)) {
            assertThat(new DebugFileLocator(List.of(tmp)).find(binary, elf))
                    .contains(binary.toAbsolutePath().getParent().resolve("sample-debuglink.debug"));
        }
    }

    @Test
    void rejectsACandidateWithTheWrongCrcAndLooksFurther() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bin"));
        Path binary = Files.copy(Fixtures.path("sample-debuglink"), dir.resolve("sample-debuglink"));
        Path good = Fixtures.path("sample-debuglink.debug");
        Files.write(dir.resolve("sample-debuglink.debug"), new byte[] {1, 2, 3});
        Path root = tmp.resolve("root");
        try (ElfFile elf = ElfFile.open(binary)) {
            DebugFileLocator locator = new DebugFileLocator(List.of(root));
            assertThat(locator.find(binary, elf)).isEmpty();

            Path underRoot = root.resolve(dir.toAbsolutePath().toString().substring(1));
            Files.createDirectories(underRoot);
            Files.copy(good, underRoot.resolve("sample-debuglink.debug"));
            assertThat(locator.find(binary, elf)).contains(underRoot.resolve("sample-debuglink.debug"));

            Path inDotDebug = Files.createDirectories(dir.resolve(".debug")).resolve("sample-debuglink.debug");
            Files.copy(good, inDotDebug);
            assertThat(locator.find(binary, elf)).contains(inDotDebug);
        }
    }

    @Test
    void aBinaryWithNeitherBuildIdNorLinkHasNoDebugFile() {
        Path binary = Fixtures.path("gosample");
        try (ElfFile elf = ElfFile.open(binary)) {
            assertThat(new DebugFileLocator(DebugFileLocator.defaultDebugRoots()).find(binary, elf)).isEmpty();
        }
        assertThat(DebugFileLocator.defaultDebugRoots()).containsExactly(Path.of("/usr/lib/debug"));
    }
}
