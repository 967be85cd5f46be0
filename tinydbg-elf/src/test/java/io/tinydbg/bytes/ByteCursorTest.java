package io.tinydbg.bytes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ByteCursorTest {
    private static ByteCursor cursor(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new ByteCursor("test.bin", ".debug_info", ByteBuffer.wrap(b));
    }

    @Test
    void readsLittleEndianAndLeb128() {
        ByteCursor c = cursor(0x34, 0x12, 0xe5, 0x8e, 0x26, 0x7f, 0x80, 0x7f);
        assertThat(c.u16()).isEqualTo(0x1234);
        assertThat(c.uleb128()).isEqualTo(624485);
        assertThat(c.sleb128()).isEqualTo(-1);
        assertThat(c.sleb128()).isEqualTo(-128);
        assertThat(c.hasRemaining()).isFalse();
    }

    @Test
    void readPastTheEndNamesSourceSectionAndOffset() {
        ByteCursor c = cursor(1, 2, 3);
        c.u16();
        assertThatThrownBy(c::u32)
                .isInstanceOf(MalformedInputException.class)
                .hasMessage("test.bin: .debug_info+0x2: read of 4 bytes passes the end (1 left)");
    }

    @Test
    void slicesReportSectionRelativeOffsets() {
        ByteCursor c = cursor(0, 0, 0, 0, 'a', 0, 'b');
        ByteCursor s = c.slice(4, 3);
        assertThat(s.cstring()).isEqualTo("a");
        assertThatThrownBy(s::cstring).hasMessageContaining(".debug_info+0x6: string is not NUL-terminated");
        assertThatThrownBy(() -> c.slice(5, 10)).isInstanceOf(MalformedInputException.class);
    }

    @Test
    void overlongLeb128DoesNotWrapIntoGarbage() {
        ByteCursor c = cursor(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
        c.uleb128();
        assertThat(c.hasRemaining()).isFalse();
        assertThatThrownBy(() -> cursor(0x80, 0x80).uleb128()).isInstanceOf(MalformedInputException.class);
    }
}
