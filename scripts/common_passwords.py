#!/usr/bin/env python3
"""Writes auth/common_passwords.txt: the passwords Steward refuses as too common.

Composed, not downloaded: the passwords that top every published list of leaked passwords (international
and Chinese sites alike: 123456, password, a123456, woaini1314, qq123456 …), keyboard walks, repeated and
sequential digits, and common words, names in pinyin and love numbers (520, 1314, 5201314) combined with the
digits and years people add. Lower case, one a line, sorted; Steward compares case-insensitively.

Run from the repository root: python3 scripts/common_passwords.py
"""

top = """123456 123456789 12345678 12345 1234567 1234567890 111111 000000 123123 654321 666666 888888 112233
121212 123321 7777777 987654321 11111111 88888888 66666666 00000000 147258369 159357 147258 5201314 1314520
password password1 password12 password123 passw0rd p@ssw0rd p@ssword pass123 pass1234 qwerty qwerty123
qwerty1 qwertyuiop qwer1234 qwe123 qweasd qweasdzxc 1qaz2wsx 1q2w3e4r 1q2w3e 1q2w3e4r5t zaq12wsx zxcvbnm
zxcvbn asdfghjkl asdf1234 asd123 abc123 abc12345 abc123456 abcd1234 a1b2c3 a1b2c3d4 aa123456 a123456
a12345678 a123456789 qq123456 qq5201314 woaini woaini1314 woaini520 woaini521 iloveyou iloveyou1 admin
admin123 admin1234 admin888 administrator root123 test123 test1234 guest welcome welcome1 letmein monkey
dragon master sunshine princess football baseball superman batman trustno1 shadow michael 1234qwer
123qwe 123abc 123456a 123456aa 123456abc 12345678a 123456789a 1234abcd 5211314 5201314a aini1314 wodemima
mima123 mima1234 huawei123 xiaomi123 baidu123 taobao123 qazwsx qazwsxedc 1qazxsw2 2wsx3edc 147852369
741852963 963852741 159753 123654 321321 520520 521521 1314521 7758521 5845201314""".split()

words = """password passw0rd pass admin root test user guest love iloveyou woaini aini wo qq abc abcd qwe qwer
qwerty asd asdf zxc zxcv qaz wsx china beijing shanghai shenzhen guangzhou hangzhou nanjing wuhan chengdu
bank steward welcome hello dragon monkey tiger happy lucky baobao bao beibei xiaobao xiaoming laopo laogong
mima wang zhang li liu chen yang huang zhao zhou wu xu sun ma zhu hu guo lin he gao luo zheng liang xie
song tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei su lu ding ren
shen yao lv jiang fan jin wei tan""".split()

suffixes = ["", "1", "12", "123", "1234", "12345", "123456", "520", "521", "1314", "5201314", "888", "666",
            "8888", "6666", "000", "111", "007", "01", "11", "99", "@123", "!", "123!", "@1234", "#123"]
suffixes += [str(y) for y in range(1960, 2031)]
suffixes += ["@" + str(y) for y in range(2015, 2031)]

out = set(top)
for w in words:
    for s in suffixes:
        out.add(w + s)
        out.add(w.capitalize() + s)
for d in ["123456", "12345678", "123456789", "5201314", "1314", "520"]:
    for p in ["a", "aa", "qq", "abc", "wo", "ai"]:
        out.add(p + d)
        out.add(d + p)
# Repeated digits and letters, and runs.
for c in "0123456789":
    for n in range(6, 13):
        out.add(c * n)
for c in "abcdefghijklmnopqrstuvwxyz":
    for n in range(6, 11):
        out.add(c * n)
digits = "01234567890123456789"
for n in range(6, 11):
    for i in range(10):
        out.add(digits[i:i + n])
        out.add(digits[i:i + n][::-1])

with open("auth/common_passwords.txt", "w") as f:
    for p in sorted({p.lower() for p in out}):
        f.write(p + "\n")
