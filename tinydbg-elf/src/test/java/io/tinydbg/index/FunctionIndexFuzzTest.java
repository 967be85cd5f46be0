package io.tinydbg.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tinydbg.TinydbgException;
import io.tinydbg.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged binaries through the whole index (ELF, DWARF, line tables, decoding of every function): only our own
 * exception type may come out, never a hang, an OutOfMemoryError or a stray runtime exception.
 */
class FunctionIndexFuzzTest {

    @Test
    void mutatedAndTruncatedBinariesFailCleanly(@TempDir Path dir) throws Exception {
        List<String> unexpected = new ArrayList<>();
        for (String fixture : List.of("sample-O2", "sample-dwarf5")) {
            byte[] original = Files.readAllBytes(Fixtures.path(fixture));
            Random random = new Random(fixture.hashCode());
            assertTimeoutPreemptively(Duration.ofMinutes(4), () -> {
                for (int i = 0; i < 300; i++) {
                    byte[] bytes = original.clone();
                    if (i % 10 == 9) {
                        bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
                    } else {
                        for (int k = 0, n = 1 + random.nextInt(20); k < n; k++) {
                            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                        }
                    }
                    Path p = dir.resolve(fixture + "-" + i);
                    Files.write(p, bytes);
                    try (FunctionIndex index = FunctionIndex.open(p)) {
                        index.select(FunctionPattern.compile("."), 3);
                        index.lineAt(0x1140);
                    } catch (TinydbgException expected) {
                        assertThat(expected.getMessage()).isNotBlank();
                    } catch (RuntimeException | StackOverflowError e) {
                        unexpected.add(p + ": " + e);
                    }
                    Files.delete(p);
                }
            });
        }
        assertThat(unexpected).isEmpty();
    }
}
