package cnid_test

import (
	"fmt"
	"time"

	"github.com/steward-bank/steward/cnid"
)

func ExampleParseResidentID() {
	id, err := cnid.ParseResidentID(" 11010519491231002x ")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(id, id.Region(), id.BirthDate().Format("2006-01-02"), id.Sex())

	// A typo in one digit is caught by the check digit.
	_, err = cnid.ParseResidentID("110101199003071234")
	fmt.Println(err)
	// Output:
	// 11010519491231002X 110105 1949-12-31 F
	// cnid: invalid resident ID: check digit should be 3
}

func ExampleCheckDigit() {
	c, err := cnid.CheckDigit("11010519491231002")
	fmt.Printf("%c %v\n", c, err)
	// Output: X <nil>
}

func ExampleUpgradeID15() {
	id, err := cnid.UpgradeID15("110105491231002")
	fmt.Println(id, err)
	// Output: 11010519491231002X <nil>
}

func ExampleGenerateResidentID() {
	birth := time.Date(1990, time.March, 7, 0, 0, 0, 0, time.UTC)
	id := cnid.GenerateResidentID("110101", birth, 12, true)
	_, err := cnid.ParseResidentID(string(id))
	fmt.Println(id, id.Sex(), err)
	// Output: 110101199003071217 M <nil>
}

func ExampleNormalizeMobile() {
	for _, s := range []string{"+86 138-0013-8000", "0086 13800138000", "１３８００１３８０００", "12345678901"} {
		m, err := cnid.NormalizeMobile(s)
		fmt.Printf("%q %v\n", m, err)
	}
	// Output:
	// "13800138000" <nil>
	// "13800138000" <nil>
	// "13800138000" <nil>
	// "" cnid: invalid mobile number: second digit 2, want 3-9
}

func ExampleMaskMobile() {
	fmt.Println(cnid.MaskMobile("13800138000"))
	// Output: 138****8000
}

func ExampleMaskID() {
	fmt.Println(cnid.MaskID("110101199003071233"))
	fmt.Println(cnid.MaskID("E12345678")) // a passport number
	// Output:
	// 110101********1233
	// E1*****78
}

func ExampleMaskName() {
	fmt.Println(cnid.MaskName("张三"))
	fmt.Println(cnid.MaskName("王小明"))
	fmt.Println(cnid.MaskName("John Smith"))
	// Output:
	// 张*
	// 王**
	// J*** *****
}

func ExampleValidEmail() {
	fmt.Println(cnid.ValidEmail("zhang.san@example.com"), cnid.ValidEmail("zhang.san@example"))
	// Output: true false
}
