package io.tinydbg.elf.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tinydbg.bytes.MalformedInputException;
import io.tinydbg.testing.Oracle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decoders against streams made by the reference tools ({@code zstd}, {@code xz}) and the JDK's Deflater. */
class DecompressorsTest {
    @TempDir
    Path tmp;

    private static final long LIMIT = 64L << 20;

    private static byte[] text(int lines) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            sb.append("line ").append(i).append(": the quick brown fox ").append(i * 7919 % 1000).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] compressWith(String tool, byte[] data) throws Exception {
        Path in = tmp.resolve("in-" + tool);
        Files.write(in, data);
        Oracle.run(tool, "-q", "-f", "-k", in.toString());
        return Files.readAllBytes(tmp.resolve("in-" + tool + (tool.equals("zstd") ? ".zst" : ".xz")));
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    @Test
    void zstdFramesFromTheZstdToolDecodeInPureJava() throws Exception {
        byte[] data = text(20000);
        byte[] frame = compressWith("zstd", data);
        assertThat(frame.length).isLessThan(data.length / 3);
        assertThat(bytes(Decompressors.zstd(ByteBuffer.wrap(frame), data.length, LIMIT, "f", "s", 0)))
                .isEqualTo(data);
        assertThatThrownBy(() -> Decompressors.zstd(ByteBuffer.wrap(frame, 0, frame.length / 2), data.length, LIMIT,
                "f", ".debug_info", 24)).isInstanceOf(MalformedInputException.class)
                .hasMessageStartingWith("f: .debug_info+0x18: ");
        assertThatThrownBy(() -> Decompressors.zstd(ByteBuffer.wrap(frame), data.length + 10L, LIMIT, "f", "s", 0))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("ends after " + data.length);
        assertThatThrownBy(() -> Decompressors.zstd(ByteBuffer.wrap(frame), data.length - 10L, LIMIT, "f", "s", 0))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("longer than");
    }

    @Test
    void zlibStreamsDecodeToTheDeclaredSize() {
        byte[] data = text(5000);
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        byte[] buf = new byte[data.length];
        int n = deflater.deflate(buf);
        deflater.end();
        byte[] stream = Arrays.copyOf(buf, n);
        assertThat(bytes(Decompressors.zlib(ByteBuffer.wrap(stream), data.length, LIMIT, "f", "s", 0)))
                .isEqualTo(data);
        byte[] corrupt = stream.clone();
        corrupt[n / 2] ^= 0x55;
        corrupt[n / 2 + 1] ^= 0x55;
        assertThatThrownBy(() -> Decompressors.zlib(ByteBuffer.wrap(corrupt), data.length, LIMIT, "f", "s", 0))
                .isInstanceOf(MalformedInputException.class);
        assertThatThrownBy(() -> Decompressors.zlib(ByteBuffer.wrap(stream), -1, LIMIT, "f", "s", 0))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("exceeds the limit");
        assertThatThrownBy(() -> Decompressors.zlib(ByteBuffer.wrap(stream), data.length - 1L, LIMIT, "f", "s", 0))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("longer than");
    }

    @Test
    void xzStreamsFromTheXzToolDecodeAndBombsAreStopped() throws Exception {
        byte[] data = text(3000);
        byte[] xz = compressWith("xz", data);
        assertThat(bytes(Decompressors.xz(ByteBuffer.wrap(xz), LIMIT, "f", ".gnu_debugdata"))).isEqualTo(data);
        byte[] zeros = compressWith("xz", new byte[8 << 20]);
        assertThatThrownBy(() -> Decompressors.xz(ByteBuffer.wrap(zeros), 1 << 20, "f", ".gnu_debugdata"))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("expands past the limit");
        assertThatThrownBy(() -> Decompressors.xz(ByteBuffer.wrap(xz, 0, xz.length - 9), LIMIT, "f", "s"))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("bad xz data");
    }

    @Test
    void aZstdBombIsRefusedByItsDeclaredSize() throws Exception {
        byte[] zeros = new byte[32 << 20];
        byte[] frame = compressWith("zstd", zeros);
        assertThatThrownBy(() -> Decompressors.zstd(ByteBuffer.wrap(frame), zeros.length, 1 << 20, "f", "s", 0))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("exceeds the limit");
        assertThat(Decompressors.zstd(ByteBuffer.wrap(frame), zeros.length, LIMIT, "f", "s", 0).remaining())
                .isEqualTo(zeros.length);
    }

    @Test
    void limitsScaleWithTheFileButStayWithinAnArray() {
        assertThat(CompressionLimits.maxOutput(100)).isEqualTo(CompressionLimits.FLOOR);
        assertThat(CompressionLimits.maxOutput(10L << 20)).isEqualTo(640L << 20);
        assertThat(CompressionLimits.maxOutput(1L << 40)).isEqualTo(CompressionLimits.ARRAY_MAX);
    }
}
