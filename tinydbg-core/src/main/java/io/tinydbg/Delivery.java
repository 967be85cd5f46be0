package io.tinydbg;

/**
 * How events reach the callbacks.
 *
 * <ul>
 *   <li>{@link #ASYNC_BLOCK}: through a bounded queue to a delivery thread, so a slow callback does not stall the
 *       tracer; when the queue is full the traced thread waits until there is room (no event is lost).</li>
 *   <li>{@link #ASYNC_DROP}: as above, but when the queue is full the event is dropped and counted in
 *       {@link TraceStats#dropped()}; the traced process is never slowed by callbacks.</li>
 *   <li>{@link #SYNC}: the callback runs on the tracer thread while the hitting thread is stopped, for exact
 *       inspection; the process waits for every callback.</li>
 * </ul>
 */
public enum Delivery { ASYNC_BLOCK, ASYNC_DROP, SYNC }
