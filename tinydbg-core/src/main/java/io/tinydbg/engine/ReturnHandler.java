package io.tinydbg.engine;

/** Receives the return of one traced call (armed through {@link EntryHit#traceReturn}). */
public interface ReturnHandler {
    /** The call returned normally; the thread is stopped at the return address. */
    void onReturn(ReturnHit hit);

    /** The frame was abandoned (longjmp, exception unwinding, thread or process exit): it will never return. */
    default void onUnwound() {
    }
}
