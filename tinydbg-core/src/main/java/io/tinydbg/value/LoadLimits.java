package io.tinydbg.value;

/**
 * How much of a value to load, as Delve's load configurations: the longest string, the most struct fields and
 * array elements, how many pointers to follow and how deep to recurse into nested values.
 *
 * @param maxStringLength   characters of a string loaded (the rest is reported as cut)
 * @param maxFields         struct fields loaded; -1 for all
 * @param maxElements       array and slice elements loaded; 0 loads none (only the length)
 * @param followPointers    whether pointers are followed to their targets
 * @param maxRecursion      how many levels of nested values are loaded below the top one
 */
public record LoadLimits(int maxStringLength, int maxFields, int maxElements, boolean followPointers,
        int maxRecursion) {

    /** The limits of {@code dlv trace -v LEVEL} (levels 0 to 4), which the trace command mirrors. */
    public static LoadLimits forVerbosity(int level) {
        switch (level) {
            case 0: return new LoadLimits(64, 3, 0, false, 0);
            case 1: return new LoadLimits(32, 0, 0, false, 0);
            case 2: return new LoadLimits(64, 3, 5, false, 1);
            case 3: return new LoadLimits(128, 10, 10, false, 2);
            case 4: return new LoadLimits(256, -1, 100, true, 3);
            default: throw new IllegalArgumentException("verbosity must be 0 to 4, not " + level);
        }
    }

    /** The default of the library: enough to see small structs and strings whole. */
    public static LoadLimits defaults() {
        return new LoadLimits(64, 16, 16, false, 1);
    }
}
