package io.tinydbg.elf;

import java.util.function.Supplier;

/**
 * A value computed on first use and then kept. A computation that throws is not remembered, so the same
 * exception comes again on the next call rather than a stale null.
 */
final class Lazy<T> {
    private final Supplier<T> compute;
    private T value;

    Lazy(Supplier<T> compute) {
        this.compute = compute;
    }

    synchronized T get() {
        if (value == null) {
            value = compute.get();
        }
        return value;
    }

    synchronized void clear() {
        value = null;
    }
}
