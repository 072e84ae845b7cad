package ingest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/steward-bank/steward/domain"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func readForTest(t *testing.T, kind Kind, content []byte, encoding string, size int64, mode int) (*Batch, *fileResult) {
	t.Helper()
	b := &Batch{BusinessDate: domain.NewDate(2026, 11, 22), Encoding: encoding, Delimiter: "|"}
	res := &fileResult{errs: &issueList{file: "F"}, warns: &issueList{file: "F"}}
	var r = bytes.NewReader(content)
	var rd interface{ Read([]byte) (int, error) } = r
	switch mode {
	case 1:
		rd = iotest.OneByteReader(r)
	case 2:
		rd = iotest.HalfReader(r)
	}
	if err := readData(context.Background(), b, FileEntry{Name: "F", Kind: kind, Rows: -1}, rd, size, true, res); err != nil {
		t.Fatal(err)
	}
	return b, res
}

// TestReaderShapes reads the same files through readers that return one byte or half a buffer at a time,
// with and without a size hint: the rows and issues are the same.
func TestReaderShapes(t *testing.T) {
	long := strings.Repeat("珅", 3000) // 9 000 bytes of UTF-8, 6 000 of GB18030
	body := "client_id|product_code|amount\r\nC001|" + long + "|1\r\nC002|W01|2.345\r\n\r\nC003|W01|-3"
	for _, encoding := range []string{EncodingUTF8, EncodingGB18030} {
		content := []byte("\uFEFF" + body)
		if encoding == EncodingGB18030 {
			s, err := simplifiedchinese.GB18030.NewEncoder().String(string(content))
			if err != nil {
				t.Fatal(err)
			}
			content = []byte(s)
		}
		want, wantRes := readForTest(t, KindINCOME, content, encoding, 0, 0)
		if len(want.Income) != 2 || want.Income[0].ProductCode != long || want.Income[1].Amount != -300 || wantRes.rows != 3 || !has(wantRes.errs.items, `F:3 amount "2.345"`) {
			t.Fatalf("%s: %+v, rows %d, errors %v", encoding, len(want.Income), wantRes.rows, wantRes.errs.items)
		}
		for _, size := range []int64{0, int64(len(content)), 10} {
			for mode := range 3 {
				got, res := readForTest(t, KindINCOME, content, encoding, size, mode)
				if !reflect.DeepEqual(got.Income, want.Income) || res.rows != wantRes.rows || !reflect.DeepEqual(res.errs.items, wantRes.errs.items) || !reflect.DeepEqual(res.warns.items, wantRes.warns.items) {
					t.Errorf("%s size %d mode %d: %+v %v", encoding, size, mode, res.rows, res.errs.items)
				}
			}
		}
	}
}

func TestReadError(t *testing.T) {
	b := &Batch{BusinessDate: domain.NewDate(2026, 11, 22), Encoding: EncodingUTF8, Delimiter: "|"}
	res := &fileResult{errs: &issueList{file: "F"}, warns: &issueList{file: "F"}}
	boom := errors.New("disk on fire")
	r := iotest.DataErrReader(iotest.ErrReader(boom))
	if err := readData(context.Background(), b, FileEntry{Name: "F", Kind: KindTXN}, r, 0, true, res); !errors.Is(err, boom) {
		t.Errorf("err = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := readData(ctx, b, FileEntry{Name: "F", Kind: KindTXN}, strings.NewReader("txn_id\n"), 0, true, res); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
}

func TestLongLastLine(t *testing.T) {
	body := "client_id|amount\nC1|1\nC1|" + strings.Repeat("9", 2*MaxLineBytes)
	b, res := readForTest(t, KindINCOME, []byte(body), EncodingUTF8, 0, 0)
	if res.rows != 2 || len(b.Income) != 1 || !has(res.errs.items, "F:3: line longer than") {
		t.Errorf("rows %d, income %d, errors:%s", res.rows, len(b.Income), issuesText(res.errs.items))
	}
}

type stuckReader struct{}

func (stuckReader) Read([]byte) (int, error) { return 0, nil }

func TestStuckReader(t *testing.T) {
	b := &Batch{BusinessDate: domain.NewDate(2026, 11, 22), Encoding: EncodingUTF8, Delimiter: "|"}
	res := &fileResult{errs: &issueList{file: "F"}, warns: &issueList{file: "F"}}
	if err := readData(context.Background(), b, FileEntry{Name: "F", Kind: KindTXN}, stuckReader{}, 0, true, res); !errors.Is(err, io.ErrNoProgress) {
		t.Errorf("err = %v", err)
	}
}
