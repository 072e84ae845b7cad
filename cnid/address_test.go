package cnid

import "testing"

func TestAddressDistrict(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"武汉市武昌区解放路218号紫阳小区3栋2单元501室", "武汉市武昌区"},
		{"湖北省武汉市江汉区中山大道1号", "湖北省武汉市江汉区"},
		{"广西壮族自治区南宁市青秀区民族大道100号", "广西壮族自治区南宁市青秀区"},
		{"湖北省嘉鱼县鱼岳镇沙阳大道8号", "湖北省嘉鱼县"},
		{"内蒙古自治区鄂尔多斯市伊金霍洛旗阿勒腾席热镇", "内蒙古自治区鄂尔多斯市伊金霍洛旗"},
		// No district: the city, never the street or the compound.
		{"武汉市解放路218号紫阳小区", "武汉市"},
		{"紫阳小区3栋501室", ""},
		{"解放路218号", ""},
		{"Room 501, 218 Jiefang Road", ""},
		{"", ""},
	} {
		if got := AddressDistrict(c.in); got != c.want {
			t.Errorf("AddressDistrict(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestMaskEmail(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"zhangwei1985@qq.com", "z***@qq.com"}, {"王芳@example.cn", "王***@example.cn"}, {"nonsense", "***"}, {"@x.cn", "***"}, {"", ""},
	} {
		if got := MaskEmail(c.in); got != c.want {
			t.Errorf("MaskEmail(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
