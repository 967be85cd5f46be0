package io.tinydbg.elf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Finds the separate debug file of a stripped binary the way gdb does: first by GNU build-id under each debug root
 * ({@code ROOT/.build-id/xx/rest.debug}), then by {@code .gnu_debuglink} next to the binary, in its {@code .debug}
 * directory and under each debug root followed by the binary's absolute directory. A debuglink candidate counts
 * only when the CRC32 of its bytes equals the link's, so a stale debug file is never paired with a new binary.
 */
public final class DebugFileLocator {
    private final List<Path> debugRoots;

    /** Searches under {@code debugRoots} in order (see {@link #defaultDebugRoots()}). */
    public DebugFileLocator(List<Path> debugRoots) {
        this.debugRoots = List.copyOf(debugRoots);
    }

    /** The distribution default: {@code /usr/lib/debug}. */
    public static List<Path> defaultDebugRoots() {
        return List.of(Path.of("/usr/lib/debug"));
    }

    public List<Path> debugRoots() {
        return debugRoots;
    }

    /** The debug file of {@code binary} (whose parsed form is {@code elf}), if one is found. */
    public Optional<Path> find(Path binary, ElfFile elf) {
        Optional<String> id = elf.buildIdHex().filter(h -> h.length() > 2);
        if (id.isPresent()) {
            for (Path root : debugRoots) {
                Path candidate = root.resolve(".build-id").resolve(id.get().substring(0, 2))
                        .resolve(id.get().substring(2) + ".debug");
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        Optional<DebugLink> link = elf.debugLink();
        if (link.isEmpty() || link.get().fileName().isEmpty() || link.get().fileName().contains("/")) {
            return Optional.empty();
        }
        for (Path candidate : linkCandidates(binary, link.get().fileName())) {
            if (Files.isRegularFile(candidate) && !sameFile(candidate, binary)
                    && crc32(candidate) == link.get().crc32()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Where gdb looks for a debuglink target, in its order. */
    List<Path> linkCandidates(Path binary, String fileName) {
        Path dir = binary.toAbsolutePath().normalize().getParent();
        List<Path> result = new ArrayList<>();
        result.add(dir.resolve(fileName));
        result.add(dir.resolve(".debug").resolve(fileName));
        for (Path root : debugRoots) {
            Path relative = dir.getRoot() == null ? dir : dir.getRoot().relativize(dir);
            result.add(root.resolve(relative).resolve(fileName));
        }
        return result;
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** CRC32 of the whole file, or -1 when it cannot be read (so it never matches). */
    static long crc32(Path file) {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                crc.update(buf, 0, n);
            }
        } catch (IOException e) {
            return -1;
        }
        return crc.getValue();
    }
}
