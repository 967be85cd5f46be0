package io.tinydbg.engine;

/** Called on the tracer thread when a thread reaches a probed function entry, while that thread is stopped. */
@FunctionalInterface
public interface EntryHandler {
    void onEntry(EntryHit hit);
}
