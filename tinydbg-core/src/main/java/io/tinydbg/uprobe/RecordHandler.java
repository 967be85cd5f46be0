package io.tinydbg.uprobe;

/** Receives the records {@link UprobeRecorder#drain} consumes, one call per record, in ring order. */
@FunctionalInterface
public interface RecordHandler {
    /**
     * One record. {@code r} is a flyweight reused for every record and valid only during this call; the record is
     * consumed when the call returns, or throws.
     */
    void onRecord(UprobeRecord r);
}
