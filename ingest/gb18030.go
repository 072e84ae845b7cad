package ingest

import (
	"sort"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// GB18030 as core banking systems write it. golang.org/x/text decodes GB18030-2005 but leaves 2 068
// valid two-byte codes undecoded (U+FFFD): the three user-defined areas, where core systems put the rare
// characters of names (造字), the other codes GB18030 maps to the Private Use Area, and the codes that
// GB18030-2022 mapped to standard characters (FE51 → U+20087 𠂇, A6D9 → U+FE10, FE59 → U+9FB4, …). It
// also decodes A3A0 (a user-defined code) as U+3000. gb18030Decoder decodes those codes itself, as glibc's
// iconv does, and hands every other run of input to x/text's decoder. Four-byte codes decode as in
// Python's codec (and x/text), which also accepts the four-byte codes that 2005-era systems wrote for the
// 18 characters GB18030-2022 gave two-byte codes (glibc refuses them). The decoder is tested against every
// code of the reference table in testdata (scripts/gb18030_reference.py).
//
// Bytes that are not GB18030 become invalidMark, a byte that valid UTF-8 never holds, so that a genuine
// U+FFFD in the feed (GB18030 84 31 A4 37) is told apart from a decoding error.
type gb18030Decoder struct {
	inner transform.Transformer
}

// invalidMark stands for each byte that is not GB18030 in the decoded text.
const invalidMark = 0xFF

func newGB18030Decoder() transform.Transformer {
	return &gb18030Decoder{inner: simplifiedchinese.GB18030.NewDecoder()}
}

func (d *gb18030Decoder) Reset() { d.inner.Reset() }

// Four-byte codes: their linear index (the last byte counts fastest) is below gbBMPEnd for the BMP, and
// from gbSuppStart (90 30 81 30 = U+10000) for the 1 048 576 code points of the supplementary planes.
const (
	gbBMPEnd    = 39420
	gbSuppStart = 189000
	gbSuppEnd   = gbSuppStart + 0x100000
)

func (d *gb18030Decoder) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	span := 0 // start of the run of src that x/text decodes
	flush := func(end int) error {
		if span == end {
			return nil
		}
		nd, ns, err := d.inner.Transform(dst[nDst:], src[span:end], true)
		nDst += nd
		span += ns
		if err == nil && span != end {
			err = transform.ErrShortDst
		}
		return err
	}
	i := 0
	for i < len(src) {
		c := src[i]
		if c < 0x80 {
			for i++; i < len(src) && src[i] < 0x80; i++ {
			}
			continue
		}
		var r rune // a code decoded here; -1 for a byte that is not GB18030
		n := 1
		switch {
		case c == 0x80 || c == 0xFF:
			r = -1
		case i+1 >= len(src):
			if !atEOF {
				goto short
			}
			r = -1
		default:
			b := src[i+1]
			switch {
			case b >= 0x40 && b <= 0xFE && b != 0x7F:
				if c <= 0xA0 || (c >= 0xB0 && c <= 0xF7 && (c != 0xD7 || b < 0xFA)) {
					i += 2 // GBK/3, GB2312's hanzi and GBK/4 below them: x/text decodes all of them
					continue
				}
				n = 2
				var ok bool
				if r, ok = gbTwoByte(c, b); !ok {
					i += 2
					continue
				}
			case b >= 0x30 && b <= 0x39:
				if i+3 >= len(src) {
					if !atEOF {
						goto short
					}
					r = -1
					break
				}
				c3, c4 := src[i+2], src[i+3]
				if c3 < 0x81 || c3 == 0xFF || c4 < 0x30 || c4 > 0x39 {
					r = -1
					break
				}
				idx := ((int(c)-0x81)*10+int(b)-0x30)*1260 + (int(c3)-0x81)*10 + int(c4) - 0x30
				if idx < gbBMPEnd || (idx >= gbSuppStart && idx < gbSuppEnd) {
					i += 4
					continue
				}
				r = -1
			default:
				r = -1
			}
		}
		// A code decoded here (or refused): first the run before it.
		if err := flush(i); err != nil {
			return nDst, span, err
		}
		if r < 0 {
			if nDst >= len(dst) {
				return nDst, span, transform.ErrShortDst
			}
			dst[nDst] = invalidMark
			nDst++
		} else {
			if nDst+utf8.RuneLen(r) > len(dst) {
				return nDst, span, transform.ErrShortDst
			}
			nDst += utf8.EncodeRune(dst[nDst:], r)
		}
		i += n
		span = i
	}
	if err := flush(i); err != nil {
		return nDst, span, err
	}
	return nDst, span, nil
short:
	if err := flush(i); err != nil {
		return nDst, span, err
	}
	return nDst, span, transform.ErrShortSrc
}

// gbTwoByte decodes the two-byte codes x/text does not: the user-defined areas (to the Private Use Area,
// in the order GB18030 gives them) and gbExtra.
func gbTwoByte(c, b byte) (rune, bool) {
	switch {
	case c >= 0xAA && c <= 0xAF && b >= 0xA1: // user-defined area 1: U+E000–U+E233
		return 0xE000 + rune(c-0xAA)*94 + rune(b-0xA1), true
	case c >= 0xF8 && b >= 0xA1: // user-defined area 2: U+E234–U+E4C5
		return 0xE234 + rune(c-0xF8)*94 + rune(b-0xA1), true
	case c >= 0xA1 && c <= 0xA7 && b <= 0xA0: // user-defined area 3 (trail byte 40–A0 but 7F): U+E4C6–U+E765
		t := rune(b - 0x40)
		if b > 0x7F {
			t--
		}
		return 0xE4C6 + rune(c-0xA1)*96 + t, true
	}
	if !(c >= 0xA2 && c <= 0xA9) && c != 0xD7 && c != 0xFE {
		return 0, false
	}
	code := uint16(c)<<8 | uint16(b)
	k := sort.Search(len(gbExtra), func(k int) bool { return gbExtra[k].code+uint16(gbExtra[k].n) > code })
	if k < len(gbExtra) && gbExtra[k].code <= code {
		return gbExtra[k].r + rune(code-gbExtra[k].code), true
	}
	return 0, false
}

// gbExtra lists the other two-byte codes x/text leaves undecoded, as runs of n consecutive codes from code
// to consecutive code points from r: the codes GB18030 maps to the Private Use Area outside the
// user-defined areas (U+E766–U+E864), A8BC (ḿ since GB18030-2005), and the GB18030-2022 mappings to
// standard characters, among them the six of the supplementary planes that glibc maps (FE51, FE52, FE53,
// FE6C, FE76, FE91).
var gbExtra = [...]struct {
	code uint16
	n    uint8
	r    rune
}{
	{0xA2AB, 6, 0xE766}, {0xA2E4, 1, 0xE76D}, {0xA2EF, 2, 0xE76E}, {0xA2FD, 2, 0xE770},
	{0xA4F4, 11, 0xE772}, {0xA5F7, 8, 0xE77D}, {0xA6B9, 8, 0xE785},
	{0xA6D9, 1, 0xFE10}, {0xA6DA, 1, 0xFE12}, {0xA6DB, 1, 0xFE11}, {0xA6DC, 4, 0xFE13},
	{0xA6EC, 2, 0xFE17}, {0xA6F3, 1, 0xFE19},
	{0xA6F6, 9, 0xE797}, {0xA7C2, 15, 0xE7A0}, {0xA7F2, 13, 0xE7AF}, {0xA896, 11, 0xE7BC},
	{0xA8BC, 1, 0x1E3F}, {0xA8C1, 4, 0xE7C9}, {0xA8EA, 21, 0xE7CD},
	{0xA958, 1, 0xE7E2}, {0xA95B, 1, 0xE7E3}, {0xA95D, 3, 0xE7E4}, {0xA997, 13, 0xE7F4}, {0xA9F0, 15, 0xE801},
	{0xD7FA, 5, 0xE810},
	{0xFE51, 1, 0x20087}, {0xFE52, 1, 0x20089}, {0xFE53, 1, 0x200CC}, {0xFE59, 1, 0x9FB4},
	{0xFE61, 1, 0x9FB5}, {0xFE66, 2, 0x9FB6}, {0xFE6C, 1, 0x215D7}, {0xFE6D, 1, 0x9FB8},
	{0xFE76, 1, 0x2298F}, {0xFE7E, 1, 0x9FB9}, {0xFE90, 1, 0x9FBA}, {0xFE91, 1, 0x241FE},
	{0xFEA0, 1, 0x9FBB},
}
