package io.tinydbg.cli;

import io.tinydbg.index.FunctionIndex;
import io.tinydbg.index.FunctionPattern;
import io.tinydbg.index.IndexedFunction;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The in-process half of the function-index benchmark (bench/index/run.sh): opens BINARY and lists the functions
 * matching REGEX with their return sites, once cold and then repeatedly in the same JVM, and prints
 * {@code warm_ms=<median> cold_ms=<first> functions=<n> returns=<n>}.
 */
public final class IndexBench {
    private IndexBench() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: IndexBench BINARY REGEX [RUNS]");
            System.exit(2);
        }
        Path binary = Path.of(args[0]);
        FunctionPattern pattern = FunctionPattern.compile(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        long[] millis = new long[runs];
        int functions = 0;
        long returns = 0;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            try (FunctionIndex index = FunctionIndex.open(binary)) {
                List<IndexedFunction> selected = index.select(pattern, 0);
                functions = selected.size();
                returns = selected.stream().mapToLong(f -> f.function().returns().size()).sum();
            }
            millis[i] = (System.nanoTime() - start) / 1_000_000;
        }
        long cold = millis[0];
        long[] warm = Arrays.copyOfRange(millis, Math.min(5, runs - 1), runs);
        Arrays.sort(warm);
        System.out.printf("warm_ms=%d cold_ms=%d functions=%d returns=%d%n", warm[warm.length / 2], cold,
                functions, returns);
    }
}
