package io.tinydbg.elf;

import io.tinydbg.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The fixture binaries the ELF tests compare with readelf: every kind the fixture build makes. */
final class ElfFixtures {
    /** Built on every machine the tests run on (gcc, g++ and Go are test prerequisites). */
    private static final List<String> REQUIRED = List.of("sample-O0", "sample-O2", "sample-dwarf4", "sample-dwarf5",
            "sample-gz", "sample-zdebug", "sample-zstd", "sample-nopie", "sample-nodebug", "sample.o",
            "libsample.so", "sample-buildid", "sample-debuglink", "sample-debuglink.debug", "sample-minidebug",
            "shapes-O0", "shapes-O2", "gosample", "gosample-nl", "gosample-nocompress");
    /** Built only where rustc is installed (build.sh skips them otherwise). */
    private static final List<String> OPTIONAL = List.of("rsample-legacy", "rsample-v0");
    static final Path LIBC = Path.of("/lib/x86_64-linux-gnu/libc.so.6");

    private ElfFixtures() {
    }

    /** Every fixture that exists here, plus the machine's libc when present. */
    static List<Path> all() {
        List<Path> result = new ArrayList<>();
        for (String name : REQUIRED) {
            result.add(Fixtures.path(name));
        }
        for (String name : OPTIONAL) {
            Path p = Fixtures.dir().resolve(name);
            if (Files.isRegularFile(p)) {
                result.add(p);
            }
        }
        if (Files.isRegularFile(LIBC)) {
            result.add(LIBC);
        }
        return result;
    }
}
