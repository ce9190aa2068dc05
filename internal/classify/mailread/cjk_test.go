package mailread

import (
	"testing"
	"unicode/utf8"
)

func TestDecodeCharsetCJKLabels(t *testing.T) {
	tests := []struct {
		charset string
		raw     string
		want    string
	}{
		{"ISO-2022-JP", "\x1b$B<+F01~Ez\x1b(B: Re: x", "自動応答: Re: x"},
		{"iso-2022-jp", "\x1b$B<+F0JV?.!'\x1b(B", "自動返信："},
		{"Shift_JIS", "\x8e\xa9\x93\xae\x95\xd4\x90\x4d: x", "自動返信: x"},
		{"EUC-JP", "\xbc\xab\xc6\xb0\xb1\xfe\xc5\xfa: x", "自動応答: x"},
		{"GB2312", "\xd7\xd4\xb6\xaf\xb4\xf0\xb8\xb4: \xb8\xd0", "自动答复: \ufffd"},
		{"gb18030", "\x81\x30\x81\x30ok", "\ufffdok"},
		{"Big5", "\xa6\xdb\xb0\xca\xa6\x5e\xc2\xd0: x", "自動回覆: x"},
		{"ks_c_5601-1987", "\xc0\xda\xb5\xbf \xc8\xb8\xbd\xc5: x", "자동 회신: x"},
		{"GBK", "ab\xd7", "ab\ufffd"},
		{"ISO-2022-JP", "\x1b$B<", "\ufffd"},
	}
	for _, tt := range tests {
		if got := decodeCharset([]byte(tt.raw), tt.charset); got != tt.want {
			t.Errorf("decodeCharset(%q, %q) = %q, want %q", tt.raw, tt.charset, got, tt.want)
		}
	}
}

// FuzzDecodeCJK checks that the Japanese, Chinese and Korean decoders
// never panic and always return valid UTF-8, whatever the bytes.
func FuzzDecodeCJK(f *testing.F) {
	f.Add([]byte("\x1b$B<+F01~Ez\x1b(B: Re: x"), "iso-2022-jp")
	f.Add([]byte("\x8e\xa9\x93\xae\x95\xd4\x90\x4d\xb1: x"), "shift_jis")
	f.Add([]byte("\xbc\xab\xc6\xb0\x8e\xb1\x8f\xa1\xa1"), "euc-jp")
	f.Add([]byte("\xd7\xd4\x81\x30"), "gb18030")
	f.Fuzz(func(t *testing.T, raw []byte, charset string) {
		if got := decodeCharset(raw, charset); !utf8.ValidString(got) {
			t.Fatalf("decodeCharset(%q, %q) = %q, want valid UTF-8", raw, charset, got)
		}
	})
}
