package io.tinydbg.uprobe;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import io.tinydbg.sys.KernelCalls;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The consumer side of a BPF_MAP_TYPE_RINGBUF map, memory-mapped. The map's first page holds the consumer
 * position, which only we write; the next page holds the producer position, and after it the data area is mapped
 * twice in a row, so a record that wraps around the end of the ring is still contiguous in memory.
 *
 * <p>Each record starts with an 8-byte header: a u32 length whose bit 31 says the producer has reserved it but not
 * committed it yet (busy) and bit 30 that it was discarded, then a u32 the kernel uses. The record's bytes follow;
 * the next header is at the length plus 8, rounded up to 8. Positions only grow; the byte of the data area at
 * position p is at {@code p & (size - 1)}.
 *
 * <p>The positions and headers are read with acquire and the consumer position written with release semantics
 * (VarHandles on the mapped buffers), pairing with the kernel's smp_store_release and smp_load_acquire.
 */
final class RingBuffer {
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final int BUSY = 1 << 31;
    private static final int DISCARDED = 1 << 30;
    static final int HEADER_BYTES = 8;
    private static final int HEADER = HEADER_BYTES;
    /** The largest record a probe writes, header included: a view this much past the ring's end covers it. */
    private static final int MAX_RECORD = HEADER + RecordLayout.WINDOW + 2 * ProbeSpec.MAX_STACK_SIDE
            + ProbeSpec.MAX_DEREFS * (RecordLayout.DEREF_HEADER + ProbeSpec.Deref.MAX_LENGTH);

    private final long mask;
    private final long consumerAddr;
    private final long consumerLen;
    private final long producerAddr;
    private final long producerLen;
    private final ByteBuffer consumer;
    private final ByteBuffer producer;
    private final ByteBuffer data;

    private RingBuffer(long size, long consumerAddr, long consumerLen, long producerAddr, long producerLen,
            int pageSize) {
        this.mask = size - 1;
        this.consumerAddr = consumerAddr;
        this.consumerLen = consumerLen;
        this.producerAddr = producerAddr;
        this.producerLen = producerLen;
        this.consumer = new Pointer(consumerAddr).getByteBuffer(0, 8);
        this.producer = new Pointer(producerAddr).getByteBuffer(0, 8).asReadOnlyBuffer();
        // A ByteBuffer holds at most 2 GiB, so the view covers the ring once plus the longest record that can
        // cross its end, not the whole second copy.
        long view = Math.min(2 * size, size + MAX_RECORD);
        this.data = new Pointer(producerAddr + pageSize).getByteBuffer(0, view).asReadOnlyBuffer()
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Maps the ring map {@code fd} of {@code size} data bytes. */
    static RingBuffer map(int fd, long size) {
        int page = KernelCalls.getpagesize();
        long consumerAddr;
        try {
            consumerAddr = KernelCalls.mmap(0, page, KernelCalls.PROT_READ | KernelCalls.PROT_WRITE,
                    KernelCalls.MAP_SHARED, fd, 0);
        } catch (LastErrorException e) {
            throw new UprobeException("mmap", e.getErrorCode(), "consumer page of the ring buffer", "");
        }
        long producerLen = page + 2 * size;
        try {
            // The kernel allows the producer page and data only read-only: the producer is the kernel.
            long producerAddr = KernelCalls.mmap(0, producerLen, KernelCalls.PROT_READ, KernelCalls.MAP_SHARED, fd,
                    page);
            return new RingBuffer(size, consumerAddr, page, producerAddr, producerLen, page);
        } catch (LastErrorException e) {
            KernelCalls.munmap(consumerAddr, page);
            throw new UprobeException("mmap", e.getErrorCode(), "data pages of the " + size + "-byte ring buffer",
                    "");
        }
    }

    /** Bytes produced and not consumed yet. */
    long pending() {
        return (long) LONGS.getAcquire(producer, 0) - (long) LONGS.getAcquire(consumer, 0);
    }

    /**
     * Hands every record committed before the call to {@code handler}, in order, moving the consumer position past
     * each (even when the handler throws: a record that makes it throw must not block the ring forever). Stops at
     * the first record still being written; discarded records are skipped.
     */
    int consume(UprobeRecord flyweight, RecordHandler handler) {
        long cons = (long) LONGS.getAcquire(consumer, 0);
        long prod = (long) LONGS.getAcquire(producer, 0);
        int delivered = 0;
        while (cons < prod) {
            int at = (int) (cons & mask);
            int header = (int) INTS.getAcquire(data, at);
            if ((header & BUSY) != 0) {
                break;
            }
            int length = header & ~(BUSY | DISCARDED);
            long next = cons + ((length + HEADER + 7) & ~7L);
            try {
                if ((header & DISCARDED) == 0) {
                    flyweight.bind(data, at + HEADER, length);
                    delivered++;
                    handler.onRecord(flyweight);
                }
            } finally {
                flyweight.unbind();
                LONGS.setRelease(consumer, 0, next);
            }
            cons = next;
        }
        return delivered;
    }

    void unmap() {
        KernelCalls.munmap(producerAddr, producerLen);
        KernelCalls.munmap(consumerAddr, consumerLen);
    }
}
