package io.tinydbg.index;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The static call graph walk of the seed's {@code ListFunctions(regex, followCalls)}: breadth-first from the
 * functions the pattern matches (depth 1) through direct call targets, up to a depth limit, each function recorded
 * at the shallowest depth it is reached. In Go binaries the runtime's functions are not followed, except the three
 * that carry user-visible control flow (deferreturn, gorecover, gopanic), as Delve does.
 */
public final class CallGraph {
    private CallGraph() {
    }

    /** A function reached by the walk and the depth it was first reached at (roots are at depth 1). */
    public record Reached<F>(F function, int depth) {
    }

    /**
     * Walks from {@code roots} through {@code callees} up to {@code maxDepth} (0 or 1: the roots only). Keys
     * identify functions (their entry address) so that one function reached by two paths is listed once.
     */
    public static <F> List<Reached<F>> walk(Collection<F> roots, int maxDepth, Function<F, Long> key,
            Function<F, Collection<F>> callees, boolean goRuntimeRules, Function<F, String> name) {
        Map<Long, Reached<F>> seen = new LinkedHashMap<>();
        Deque<Reached<F>> queue = new ArrayDeque<>();
        for (F root : roots) {
            Reached<F> r = new Reached<>(root, 1);
            if (seen.putIfAbsent(key.apply(root), r) == null) {
                queue.add(r);
            }
        }
        while (!queue.isEmpty()) {
            Reached<F> current = queue.poll();
            if (current.depth() >= maxDepth) {
                continue;
            }
            for (F callee : callees.apply(current.function())) {
                if (goRuntimeRules && skippedGoRuntime(name.apply(callee))) {
                    continue;
                }
                Reached<F> r = new Reached<>(callee, current.depth() + 1);
                if (seen.putIfAbsent(key.apply(callee), r) == null) {
                    queue.add(r);
                }
            }
        }
        return new ArrayList<>(seen.values());
    }

    /** Delve skips runtime internals when following calls, except the functions that defer and panic go through. */
    static boolean skippedGoRuntime(String name) {
        return (name.startsWith("runtime.") || name.startsWith("runtime/internal"))
                && !name.equals("runtime.deferreturn")
                && !name.equals("runtime.gorecover")
                && !name.equals("runtime.gopanic");
    }
}
