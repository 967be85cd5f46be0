package io.tinydbg.demangle;

import io.tinydbg.testing.Oracle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test oracle: GNU c++filt run once over many names (one per line on stdin), and nm's symbol lists. */
final class CxxFilt {
    private CxxFilt() {
    }

    /** What c++filt prints for each name, in order (the name itself when it cannot demangle it). */
    static List<String> demangle(List<String> names) {
        try {
            Path in = Files.createTempFile("tinydbg-cxxfilt", ".txt");
            try {
                Files.write(in, names, StandardCharsets.UTF_8);
                String out = Oracle.run("sh", "-c", "c++filt < '" + in + "'");
                List<String> lines = out.lines().toList();
                if (lines.size() != names.size()) {
                    throw new AssertionError("c++filt printed " + lines.size() + " lines for " + names.size());
                }
                return lines;
            } finally {
                Files.deleteIfExists(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Mangled names ({@code _Z}, {@code _R}) among nm's symbols of {@code file}, version suffixes removed. */
    static List<String> mangledSymbols(String... nmCommand) {
        List<String> names = new ArrayList<>();
        for (String line : Oracle.run(nmCommand).lines().toList()) {
            String[] fields = line.trim().split("\\s+");
            String name = fields[fields.length - 1];
            int at = name.indexOf('@');
            if (at > 0) {
                name = name.substring(0, at);
            }
            if ((name.startsWith("_Z") || name.startsWith("_R")) && !names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** Compares our demangling with c++filt's for every name; returns the mismatch report, empty when none. */
    static Comparison compare(List<String> names) {
        List<String> expected = demangle(names);
        StringBuilder report = new StringBuilder();
        int same = 0;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String ours = Demangler.demangle(name).orElse(name);
            if (ours.equals(expected.get(i))) {
                same++;
            } else {
                report.append("\n  ").append(name).append("\n    c++filt: ").append(expected.get(i))
                        .append("\n    ours:    ").append(ours);
            }
        }
        return new Comparison(names.size(), same, report.toString());
    }

    /** Outcome of {@link #compare}: how many names, how many printed identically, and the differing ones. */
    record Comparison(int total, int same, String mismatches) {
        double passRate() {
            return total == 0 ? 0 : 100.0 * same / total;
        }

        @Override
        public String toString() {
            return String.format("%d/%d (%.2f%%) identical to c++filt%s", same, total, passRate(), mismatches);
        }
    }
}
