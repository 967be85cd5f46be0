package io.tinydbg.dwarf.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tinydbg.bytes.MalformedInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Synthetic expressions whose results follow by hand from DWARF 5 sections 2.5 and 2.6. */
class ExpressionEvaluatorTest {
    /** A frame with rbp = 0x1000, rsp = 0x2000, rdi = 7; memory is the 16 bytes 00..0f at 0x3000. */
    static final EvaluationContext FRAME = new EvaluationContext() {
        final Map<Integer, Long> regs = Map.of(6, 0x1000L, 7, 0x2000L, 5, 7L, 17, 0x3f800000L);

        @Override
        public long register(int r) {
            Long v = regs.get(r);
            if (v == null) {
                throw new EvaluationException("no register " + r);
            }
            return v;
        }

        @Override
        public byte[] readMemory(long address, int length) {
            if (address < 0x3000 || address + length > 0x3010) {
                throw new EvaluationException("unreadable 0x" + Long.toHexString(address));
            }
            byte[] b = new byte[length];
            for (int i = 0; i < length; i++) {
                b[i] = (byte) (address - 0x3000 + i);
            }
            return b;
        }

        @Override
        public long frameBase() {
            return 0x1010;
        }

        @Override
        public long cfa() {
            return 0x2010;
        }

        @Override
        public long pc() {
            return 0x401000;
        }

        @Override
        public long entryValue(byte[] sub) {
            // Only "rdi on entry" is known: it was 42.
            if (Arrays.equals(sub, new byte[] {0x55})) {
                return 42;
            }
            return EvaluationContext.super.entryValue(sub);
        }
    };

    static Expression expr(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return Expression.parse(b, 8, 4);
    }

    static long value(int... bytes) {
        return ExpressionEvaluator.value(expr(bytes), FRAME);
    }

    @Test
    void arithmetic() {
        assertThat(value(0x35, 0x33, 0x1c)).isEqualTo(2); // lit5 lit3 minus
        assertThat(value(0x33, 0x35, 0x1c)).isEqualTo(-2);
        assertThat(value(0x37, 0x34, 0x1e)).isEqualTo(28); // lit7 lit4 mul
        assertThat(value(0x11, 0x79, 0x32, 0x1b)).isEqualTo(-3); // consts -7, lit2, div (signed, truncating)
        assertThat(value(0x11, 0x79, 0x32, 0x1d)).isEqualTo(1); // -7 mod 2, unsigned: 0xff..f9 % 2 = 1
        assertThat(value(0x3a, 0x33, 0x1d)).isEqualTo(1); // 10 mod 3
        assertThat(value(0x11, 0x7f, 0x19)).isEqualTo(1); // abs(-1)
        assertThat(value(0x35, 0x1f)).isEqualTo(-5); // neg
        assertThat(value(0x30, 0x20)).isEqualTo(-1); // not 0
        assertThat(value(0x3c, 0x3a, 0x1a)).isEqualTo(8); // 12 and 10
        assertThat(value(0x3c, 0x3a, 0x21)).isEqualTo(14); // 12 or 10
        assertThat(value(0x3c, 0x3a, 0x27)).isEqualTo(6); // 12 xor 10
        assertThat(value(0x31, 0x34, 0x24)).isEqualTo(16); // 1 shl 4
        assertThat(value(0x11, 0x70, 0x32, 0x25)).isEqualTo(-16L >>> 2); // shr is logical
        assertThat(value(0x11, 0x70, 0x32, 0x26)).isEqualTo(-4); // shra is arithmetic
        assertThat(value(0x31, 0x08, 0x40, 0x24)).isZero(); // shifting by 64 leaves nothing
        assertThat(value(0x35, 0x23, 0x80, 0x01)).isEqualTo(133); // plus_uconst 128
        assertThat(value(0x0e, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)).isEqualTo(-1); // const8u
        assertThat(value(0x0b, 0x00, 0x80)).isEqualTo(-32768); // const2s
        assertThat(value(0x0a, 0x00, 0x80)).isEqualTo(32768); // const2u
    }

    @Test
    void comparisonsAreSigned() {
        assertThat(value(0x11, 0x7f, 0x30, 0x2d)).isEqualTo(1); // -1 lt 0
        assertThat(value(0x11, 0x7f, 0x30, 0x2b)).isEqualTo(0); // -1 gt 0
        assertThat(value(0x33, 0x33, 0x29)).isEqualTo(1); // eq
        assertThat(value(0x33, 0x34, 0x2e)).isEqualTo(1); // ne
        assertThat(value(0x34, 0x33, 0x2a)).isEqualTo(1); // ge
        assertThat(value(0x33, 0x33, 0x2c)).isEqualTo(1); // le
    }

    @Test
    void stackOperations() {
        assertThat(value(0x31, 0x32, 0x33, 0x17)).isEqualTo(2); // rot: (1 2 3) -> (1 3 2)? top moves to third
        assertThat(value(0x31, 0x32, 0x33, 0x17, 0x13)).isEqualTo(1); // ... after drop: (3 1) -> top 1
        assertThat(value(0x31, 0x32, 0x16)).isEqualTo(1); // swap
        assertThat(value(0x31, 0x32, 0x14)).isEqualTo(1); // over
        assertThat(value(0x31, 0x32, 0x33, 0x15, 0x02)).isEqualTo(1); // pick 2
        assertThat(value(0x35, 0x12, 0x22)).isEqualTo(10); // dup plus
        assertThatThrownBy(() -> value(0x31, 0x15, 0x05)).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("underflow");
        assertThatThrownBy(() -> value(0x22)).isInstanceOf(EvaluationException.class);
    }

    @Test
    void rotOrderFollowsTheSpec() {
        // DWARF 5: "The entry at the top of the stack becomes the third stack entry, the second entry becomes the
        // top": (bottom 1 2 3 top) -> (bottom 3 1 2 top).
        assertThat(value(0x31, 0x32, 0x33, 0x17)).isEqualTo(2);
        assertThat(value(0x31, 0x32, 0x33, 0x17, 0x13, 0x13)).isEqualTo(3);
    }

    @Test
    void branchesAndLoops() {
        // sum = 0; i = 5; loop: sum += i; i -= 1; bra loop while i != 0  => 15
        Expression loop = expr(0x30, 0x35, // lit0 (sum) lit5 (i)
                0x12, 0x17, 0x22, 0x16, // offset 2: dup rot plus swap -> (sum+i, i)
                0x31, 0x1c, 0x12, // lit1 minus dup -> (sum', i-1, i-1)
                0x28, 0xf6, 0xff, // bra -10: back to offset 2 while i-1 != 0 (next op at 12, 12-10 = 2)
                0x13); // drop i
        assertThat(ExpressionEvaluator.value(loop, FRAME)).isEqualTo(15);
        assertThat(value(0x2f, 0x01, 0x00, 0x31, 0x32)).isEqualTo(2); // skip over lit1: stack is just 2
        assertThat(value(0x33, 0x30, 0x28, 0x01, 0x00, 0x34)).isEqualTo(4); // bra not taken on 0
    }

    @Test
    void infiniteLoopsRunIntoTheStepBudget() {
        assertThatThrownBy(() -> value(0x2f, 0xfd, 0xff)).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("steps");
        assertThatThrownBy(() -> value(0x31, 0x2f, 0xfc, 0xff)).isInstanceOf(EvaluationException.class);
        assertThatThrownBy(() -> value(0x2f, 0x02, 0x00, 0x30)).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("not the start");
    }

    @Test
    void divisionByZeroIsAnEvaluationError() {
        assertThatThrownBy(() -> value(0x31, 0x30, 0x1b)).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("zero");
        assertThatThrownBy(() -> value(0x31, 0x30, 0x1d)).isInstanceOf(EvaluationException.class);
    }

    @Test
    void registersFrameBaseAndCfa() {
        assertThat(value(0x76, 0x10)).isEqualTo(0x1010); // breg6 (rbp) +16
        assertThat(value(0x92, 0x07, 0x78)).isEqualTo(0x1ff8); // bregx rsp -8
        assertThat(value(0x91, 0x6c)).isEqualTo(0x1010 - 20); // fbreg -20
        assertThat(value(0x9c)).isEqualTo(0x2010); // call_frame_cfa
        assertThat(value(0x56)).isEqualTo(0x1000); // a frame base of DW_OP_reg6 is rbp's value
        assertThat(ExpressionEvaluator.location(expr(0x91, 0x6c), FRAME))
                .isEqualTo(new Location.InMemory(0x1010 - 20));
        assertThat(ExpressionEvaluator.location(expr(0x55), FRAME)).isEqualTo(new Location.InRegister(5));
        assertThat(ExpressionEvaluator.location(expr(0x90, 0x11), FRAME)).isEqualTo(new Location.InRegister(17));
        assertThatThrownBy(() -> value(0x73, 0x00)).isInstanceOf(EvaluationException.class); // rbx unknown
    }

    @Test
    void derefSizes() {
        // Memory at 0x3000 holds bytes 00 01 02 ...; little-endian reads.
        assertThat(value(0x0b, 0x00, 0x30, 0x06)).isEqualTo(0x0706050403020100L); // const2s 0x3000; deref
        assertThat(value(0x0b, 0x04, 0x30, 0x94, 0x01)).isEqualTo(0x04); // deref_size 1 at 0x3004
        assertThat(value(0x0b, 0x04, 0x30, 0x94, 0x02)).isEqualTo(0x0504);
        assertThat(value(0x0b, 0x04, 0x30, 0x94, 0x04)).isEqualTo(0x07060504L);
        assertThat(value(0x0b, 0x08, 0x30, 0xa6, 0x02, 0x2a)).isEqualTo(0x0908); // deref_type 2, type <0x2a>
        assertThat(value(0x0b, 0x08, 0x30, 0xf6, 0x04, 0x2a)).isEqualTo(0x0b0a0908L); // GNU_deref_type 4
        assertThat(value(0x32, 0x0b, 0x00, 0x30, 0x18)).isEqualTo(0x0706050403020100L); // xderef, space 2
        assertThatThrownBy(() -> value(0x30, 0x06)).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("unreadable");
        assertThatThrownBy(() -> value(0x0b, 0x00, 0x30, 0x94, 0x09)).isInstanceOf(EvaluationException.class);
    }

    @Test
    void typedOperationsKeepTheRawBits() {
        assertThat(value(0xa5, 0x11, 0x2a)).isEqualTo(0x3f800000L); // regval_type xmm0 <0x2a>
        assertThat(value(0xf5, 0x05, 0x2a)).isEqualTo(7); // GNU_regval_type rdi
        assertThat(value(0xa4, 0x2a, 0x04, 0x00, 0x00, 0xc0, 0x3f)).isEqualTo(0x3fc00000L); // const_type 1.5f
        assertThat(value(0x35, 0xa8, 0x2a)).isEqualTo(5); // convert
        assertThat(value(0x35, 0xf7, 0x00)).isEqualTo(5); // GNU_convert to generic
    }

    @Test
    void stackAndImplicitValues() {
        Location l = ExpressionEvaluator.location(expr(0x35, 0x9f), FRAME); // lit5 stack_value
        assertThat(l).isEqualTo(new Location.ImplicitValue(new byte[] {5, 0, 0, 0, 0, 0, 0, 0}));
        Location iv = ExpressionEvaluator.location(expr(0x9e, 0x04, 0x00, 0x00, 0xc0, 0x3f), FRAME);
        assertThat(iv).isEqualTo(new Location.ImplicitValue(new byte[] {0, 0, (byte) 0xc0, 0x3f}));
        assertThat(ExpressionEvaluator.value(expr(0x9e, 0x02, 0x34, 0x12), FRAME)).isEqualTo(0x1234);
        assertThat(ExpressionEvaluator.location(expr(0xa0, 0x2a, 0, 0, 0, 0x08), FRAME))
                .isEqualTo(new Location.ImplicitPointer(0x2a, 8));
        assertThat(ExpressionEvaluator.location(expr(), FRAME)).isEqualTo(new Location.OptimizedOut());
        // Nothing may follow a complete location other than a piece.
        assertThatThrownBy(() -> ExpressionEvaluator.location(expr(0x55, 0x31), FRAME))
                .isInstanceOf(EvaluationException.class);
    }

    @Test
    void entryValues() {
        // entry_value(DW_OP_reg5) + 1; stack_value  -> 43 (rdi was 42 on entry)
        Location l = ExpressionEvaluator.location(expr(0xa3, 0x01, 0x55, 0x23, 0x01, 0x9f), FRAME);
        assertThat(l).isEqualTo(new Location.ImplicitValue(new byte[] {43, 0, 0, 0, 0, 0, 0, 0}));
        assertThat(value(0xf3, 0x01, 0x55)).isEqualTo(42); // GNU_entry_value
        assertThatThrownBy(() -> value(0xa3, 0x01, 0x54)).isInstanceOf(EvaluationException.class)
                .hasMessage("entry value unavailable");
    }

    @Test
    void pieces() {
        // rdi: piece 8; rsi: piece 8  (a 16-byte struct in two registers)
        Location l = ExpressionEvaluator.location(expr(0x55, 0x93, 0x08, 0x54, 0x93, 0x08), FRAME);
        assertThat(l).isEqualTo(new Location.Composite(List.of(
                new Location.Piece(new Location.InRegister(5), 64, 0),
                new Location.Piece(new Location.InRegister(4), 64, 0))));
        // fbreg -8; piece 4; (empty) piece 4; lit3 stack_value bit_piece 3 bits at offset 1
        Location mixed = ExpressionEvaluator.location(
                expr(0x91, 0x78, 0x93, 0x04, 0x93, 0x04, 0x33, 0x9f, 0x9d, 0x03, 0x01), FRAME);
        assertThat(mixed).isEqualTo(new Location.Composite(List.of(
                new Location.Piece(new Location.InMemory(0x1010 - 8), 32, 0),
                new Location.Piece(new Location.OptimizedOut(), 32, 0),
                new Location.Piece(new Location.ImplicitValue(new byte[] {3, 0, 0, 0, 0, 0, 0, 0}), 3, 1))));
        assertThatThrownBy(() -> ExpressionEvaluator.value(expr(0x55, 0x93, 0x08), FRAME))
                .isInstanceOf(EvaluationException.class);
    }

    @Test
    void contextDefaultsReportWhatIsMissing() {
        assertThatThrownBy(() -> value(0x30, 0x9b)).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("thread-local");
        assertThatThrownBy(() -> value(0x97)).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("object address");
        assertThatThrownBy(() -> value(0xa1, 0x00)).isInstanceOf(EvaluationException.class)
                .hasMessageContaining(".debug_addr");
        assertThatThrownBy(() -> value(0x98, 0x10, 0x00)).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("DW_OP_call2");
    }

    @Test
    void initialStackIsPushedFirst() {
        // CFI expression rules start with the CFA on the stack: CFA - 16
        assertThat(ExpressionEvaluator.value(expr(0x40, 0x1c), FRAME, 0x2010)).isEqualTo(0x2000);
    }

    @Test
    void parseDecodesOperandsAndRejectsTruncation() {
        Expression e = expr(0x03, 0x60, 0x40, 0, 0, 0, 0, 0, 0, 0x92, 0x07, 0x78, 0xa3, 0x01, 0x55, 0x9d, 0x03, 0x01);
        assertThat(e.operations()).extracting(Operation::name)
                .containsExactly("DW_OP_addr", "DW_OP_bregx", "DW_OP_entry_value", "DW_OP_bit_piece");
        assertThat(e.operations().get(0).operand(0)).isEqualTo(0x4060);
        assertThat(e.operations().get(1).operands()).containsExactly(7, -8);
        assertThat(e.operations().get(2).block()).containsExactly(0x55);
        assertThat(e.operations()).extracting(Operation::offset).containsExactly(0, 9, 12, 15);
        assertThat(ExpressionFormat.format(e)).isEqualTo("DW_OP_addr: 4060; DW_OP_bregx: 7 (rsp) -8; "
                + "DW_OP_entry_value: (DW_OP_reg5 (rdi)); DW_OP_bit_piece: size: 3 offset: 1 ");
        assertThat(Expression.parse(new byte[] {0x03, 1, 2, 3, 4}, 4, 4).operations().get(0).operand(0))
                .isEqualTo(0x04030201L);
        assertThatThrownBy(() -> expr(0x03, 0x60)).isInstanceOf(MalformedInputException.class);
        assertThatThrownBy(() -> expr(0x9e, 0x05, 0x01)).isInstanceOf(MalformedInputException.class);
        assertThatThrownBy(() -> expr(0x01)).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("unknown DWARF expression operation 0x1");
    }

    @Test
    void registerNumbering() {
        assertThat(X86_64Registers.name(6)).isEqualTo("rbp");
        assertThat(X86_64Registers.name(16)).isEqualTo("rip");
        assertThat(X86_64Registers.name(17)).isEqualTo("xmm0");
        assertThat(X86_64Registers.name(32)).isEqualTo("xmm15");
        assertThat(X86_64Registers.number("r12")).isEqualTo(12);
        String[] field = X86_64Registers.USER_REGS_FIELDS;
        assertThat(field[X86_64Registers.userRegsIndex(0)]).isEqualTo("rax");
        assertThat(field[X86_64Registers.userRegsIndex(1)]).isEqualTo("rdx");
        assertThat(field[X86_64Registers.userRegsIndex(7)]).isEqualTo("rsp");
        assertThat(field[X86_64Registers.userRegsIndex(16)]).isEqualTo("rip");
        assertThat(field[X86_64Registers.userRegsIndex(49)]).isEqualTo("eflags");
        assertThat(field[X86_64Registers.userRegsIndex(58)]).isEqualTo("fs_base");
        assertThat(X86_64Registers.userRegsIndex(0)).isEqualTo(10);
        assertThat(X86_64Registers.userRegsIndex(15)).isZero();
        assertThat(X86_64Registers.userRegsIndex(17)).isEqualTo(-1);
        for (int r = 0; r <= 16; r++) {
            assertThat(field[X86_64Registers.userRegsIndex(r)]).isEqualTo(X86_64Registers.name(r));
        }
    }
}
