package io.tinydbg.index;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * Suggestions for a pattern that matched nothing: the names closest to what the user typed, so a message can say
 * "no function matches 'ad_ints'; close names: add_ints, ...". Closeness is the edit distance between the
 * pattern's literal characters and the name (or the name's last path component), case-insensitively.
 */
public final class CloseNames {
    private CloseNames() {
    }

    /** Up to {@code limit} names from {@code names}, closest first, ties by name. */
    public static List<String> of(String pattern, Collection<String> names, int limit) {
        String wanted = literalPart(pattern).toLowerCase(Locale.ROOT);
        record Scored(String name, int score) {
        }
        List<Scored> scored = new ArrayList<>();
        for (String name : new LinkedHashSet<>(names)) {
            String lower = name.toLowerCase(Locale.ROOT);
            int score = Math.min(distance(wanted, lower), distance(wanted, lastComponent(lower)) + 1);
            if (lower.contains(wanted) && !wanted.isEmpty()) {
                score = 0;
            }
            scored.add(new Scored(name, score));
        }
        scored.sort(Comparator.comparingInt(Scored::score).thenComparing(Scored::name));
        List<String> result = new ArrayList<>();
        for (Scored s : scored) {
            if (result.size() == limit) {
                break;
            }
            result.add(s.name());
        }
        return result;
    }

    /** The characters of a regex that stand for themselves, which is what the user meant to match. */
    static String literalPart(String regex) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                char escaped = regex.charAt(++i);
                if (!Character.isLetterOrDigit(escaped)) { // \. stands for '.', but \d or \w for a class
                    sb.append(escaped);
                }
            } else if (".^$*+?()[]{}|".indexOf(c) < 0) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String lastComponent(String name) {
        int i = Math.max(name.lastIndexOf("::"), name.lastIndexOf('.'));
        return i < 0 ? name : name.substring(i + (name.startsWith("::", i) ? 2 : 1));
    }

    /** Levenshtein distance, in O(a*b) time and O(b) space; names are short. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
