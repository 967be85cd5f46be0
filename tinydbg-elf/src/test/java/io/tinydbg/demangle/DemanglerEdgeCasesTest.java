package io.tinydbg.demangle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-written symbols for grammar corners the fixtures may not reach (expressions, packs, qualifiers, clones,
 * special names, Rust punycode and consts), each compared with c++filt, including those it refuses.
 */
class DemanglerEdgeCasesTest {
    private static final List<String> SYMBOLS = List.of(
            "_ZTCSd0_Si", "_ZGVZ4mainE1x", "_ZZ1fIiEvT_E1x", "_ZZ4mainENKUlT_E_clIiEEDaS_", "_Z1fIJicEEvDpT_",
            "_Z1fIJEEvDpT_", "_Z1fILi5ELj3ELb1ELc97EEvv", "_Z1fIiEDTplfp_fp_ET_", "_ZN1AclEv", "_ZN1AltIiEEvv",
            "_Z1fPA2_A3_i", "_Z1fM1AKFvvE", "_Z1fPFviE", "_ZNKSt8functionIFviEEclEi", "_ZN1AcviEv", "_Z1fILDn0EEvv",
            "_Z1fIXadL_Z1gvEEEvv", "_ZL1gv", "_Z1fIfEvT_", "_ZThn8_N1A1fEv", "_ZTv0_n24_N1A1fEv", "_ZNSsC1Ev",
            "_ZNSaIcEC1Ev", "_Z1fRA3_i", "_Z1fOi", "_ZN12_GLOBAL__N_11fEv", "_Z3fooIiEvv.cold.1",
            "_Z3foov.isra.0.cold", "_Z3foov.constprop.0.isra.0", "_Z3foov.part.0", "_ZN3FooB5cxx11Ev",
            "_Z1fILf3f800000EEvv", "_Z1fIiEvRAszT__i", "_Z1fPVKi", "_Z1fPrVKi", "_ZNVKR1A1fEv", "_ZNKO1A1fEv",
            "_Z1fKPFviE", "_Z1fM1AA3_i", "_Z1fM1Ai", "_Z1fIiEDTcl1gfp_EET_", "_Z1fIiEDTcl1gEET_",
            "_Z1fIiEDTgtfp_Li1EET_", "_Z1fIiEDTstT_ET_", "_Z1fIiEDTcvT_fp_ET_", "_Z1fIiEDTqufp_Li1ELi2EET_",
            "_Z1fIiEDTdtfp_1xET_", "_Z1fIiEDTsrT_1xET_", "_Z1fIiEDTngfp_ET_", "_Z1fIiEDTixfp_Li0EET_",
            "_Z1fIiEDTscPT_fp_ET_", "_ZN1AIiE1fEDTT_E", "_Z1fIiEDTtlT_EET_", "_Z1fDn", "_Z1fDv4_f", "_Z1fCd",
            "_ZNSt6vectorIiSaIiEEC1Ev", "_Z1fIiEDTsZT_ET_", "_Z1fIJiEEDTsZT_EDpT_", "_ZN1AC1ERKS_", "_ZN1AD0Ev",
            "_Z1fIiEvDTppfp_E", "_Z1fIiEDTpp_fp_ET_", "_ZN1AIiEcvT_IiEEv", "_ZNK1AIiEcvT_Ev", "_Z1gZ1fvEUt_S_",
            "_Z1gZ1fvEUlvE_S_", "_Z1gN1AUt_ES_", "_Z1gN1AUlvE_ES_", "_ZTIN10__cxxabiv117__class_type_infoE",
            "_ZTHN1A1xE", "_ZTWN1A1xE", "_ZGR1x0", "_ZGTtNKSt11logic_error4whatEv", "_ZN1AIiEC2IcEET_",
            "_ZZ4mainENKUlvE_clEv", "_ZZZ4mainENKUlvE_clEvE1y", "_ZZ4mainEs", "_ZZ4mainEs_0",
            "_Z1fIJidEEvDpRKT_", "_Z1fIiJcdEEvT_DpT0_", "_ZN1A1fIiEEvT_", "_Z1fPKPKc", "_Z1fIA3_iEvRT_",
            "_Z1fRKFvvE", "_Z1fFPFviEvE", "_Z1fPFPFviEvE", "_Z1fIRiEvOT_", "_Z1fIOiEvRT_", "_Zli2_xPKc",
            "_ZN1AdlEPv", "_ZN1AnaEm", "_ZN1AaSERKS_", "_ZN1AixEi", "_ZN1AptEv", "_ZN1AcoEv", "_Z1fIiEvu3foo",
            "_Z1fU8__vectori", "_ZNKSt5ctypeIcE8do_widenEc", "_RNvCs1234_7mycrate3foo", "_RNvCsgY6Mt91CT9J_4core3fooB2_",
            "_RINvCs_7mycrate3fooKcd7_E", "_RINvC7mycrate3fooKb1_KanffE", "_RNvCs_7mycrateu8_4cada",
            "_RNvNvC7mycrate3foo3bar.llvm.123", "_RINvC1a1fFG0_EuE", "_RINvC1a1fFKCEuE", "_RINvC1a1fDNvC1a1TEL_E",
            "_RINvC1a1fAhj4_E", "_RINvC1a1fTlmEE", "_RINvC1a1fTlEE", "_RINvC1a1fRL0_hE",
            "_ZN4core3fmt3num55_$LT$impl$u20$core..fmt..LowerHex$u20$for$u20$isize$GT$3fmt17h0123456789abcdefE",
            "_ZN3foo3bar17h0123456789abcdefE.llvm.4567", "_RC3foo.", "_ZN3foo3bar17h0123456789abcdefE.E",
            "_ZN3foo3bar17h0123456789abcdefEE.x", "_ZN3foo3bar17h0123456789abcdefE.cold");

    @Test
    void handWrittenSymbolsPrintLikeCxxfilt() {
        CxxFilt.Comparison result = CxxFilt.compare(SYMBOLS);
        assertThat(result.same()).as("%s", result).isEqualTo(SYMBOLS.size());
    }

    @Test
    void someOfThemAreRefusedByBoth() {
        List<String> expected = CxxFilt.demangle(SYMBOLS);
        long refused = 0;
        for (int i = 0; i < SYMBOLS.size(); i++) {
            if (expected.get(i).equals(SYMBOLS.get(i))) {
                refused++;
                assertThat(Demangler.demangle(SYMBOLS.get(i))).as(SYMBOLS.get(i)).isEmpty();
            }
        }
        assertThat(refused).isGreaterThan(0);
    }
}
