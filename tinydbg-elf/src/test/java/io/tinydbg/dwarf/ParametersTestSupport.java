package io.tinydbg.dwarf;

/** Looks up function entries by qualified name in tests. */
final class ParametersTestSupport {
    private ParametersTestSupport() {
    }

    static FunctionEntry entry(Dwarf d, String qualifiedName) {
        return d.functionEntries().stream().filter(f -> f.qualifiedName().equals(qualifiedName)).findFirst()
                .orElseThrow(() -> new AssertionError("no entry " + qualifiedName));
    }
}
