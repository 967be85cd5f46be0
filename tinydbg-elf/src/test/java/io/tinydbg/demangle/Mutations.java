package io.tinydbg.demangle;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic generator of random and mutated symbol names for the fuzz tests. */
final class Mutations {
    private static final String ALPHABET = "_ZRNEIJLTSXKVrOPADCFGMUBQYacdefghijlmnorstuvwxyz0123456789.$";

    private Mutations() {
    }

    /** {@code count} names: a third random strings, the rest random edits of {@code seeds}. */
    static List<String> generate(List<String> seeds, int count, long seed) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (i % 3 == 0 || seeds.isEmpty()) {
                out.add(randomName(random));
            } else {
                out.add(mutate(seeds.get(random.nextInt(seeds.size())), random));
            }
        }
        return out;
    }

    private static String randomName(Random random) {
        StringBuilder b = new StringBuilder(random.nextBoolean() ? "_Z" : random.nextBoolean() ? "_R" : "_ZN");
        int n = random.nextInt(40);
        for (int i = 0; i < n; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    private static String mutate(String s, Random random) {
        StringBuilder b = new StringBuilder(s);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && b.length() > 2; e++) {
            int at = 2 + random.nextInt(b.length() - 2);
            switch (random.nextInt(5)) {
                case 0 -> b.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 1 -> b.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 2 -> b.deleteCharAt(at);
                case 3 -> b.setLength(at);
                default -> {
                    // Duplicate a chunk: repeats back-references and nesting, the way hostile input grows.
                    int end = Math.min(b.length(), at + 1 + random.nextInt(12));
                    String chunk = b.substring(at, end);
                    b.insert(at, chunk.repeat(1 + random.nextInt(4)));
                }
            }
        }
        return b.toString();
    }
}
