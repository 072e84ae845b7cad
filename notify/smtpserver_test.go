package notify

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// smtpServer is a small SMTP server on loopback that speaks the protocol as a mail server does (EHLO,
// STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA with dot-unstuffing, QUIT) and keeps what it receives. Recipients
// starting with "reject" get 550 (permanent) and "busy" 451 (temporary).
type smtpServer struct {
	ln   net.Listener
	tls  *tls.Config // offer STARTTLS when set
	user string      // require AUTH PLAIN with user/pass when set
	pass string

	mu    sync.Mutex
	mails []receivedMail
}

type receivedMail struct {
	From, To string
	Data     string
	TLS      bool
	Auth     string
}

// newSMTPServer starts a server; configure, when set, sets it up before it accepts a connection.
func newSMTPServer(t *testing.T, configure ...func(*smtpServer)) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{ln: ln}
	for _, c := range configure {
		c(s)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *smtpServer) addr() string { return s.ln.Addr().String() }

func (s *smtpServer) received() []receivedMail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]receivedMail(nil), s.mails...)
}

func (s *smtpServer) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	r, w := bufio.NewReader(c), bufio.NewWriter(c)
	reply := func(lines ...string) {
		for _, l := range lines {
			w.WriteString(l + "\r\n")
		}
		w.Flush()
	}
	reply("220 mail.bank.test ESMTP ready")
	var m receivedMail
	authed := s.user == ""
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		switch verb {
		case "EHLO", "HELO":
			ext := []string{"250-mail.bank.test", "250-8BITMIME"}
			if s.tls != nil && !m.TLS {
				ext = append(ext, "250-STARTTLS")
			}
			reply(append(ext, "250 AUTH PLAIN")...)
		case "STARTTLS":
			reply("220 go ahead")
			tc := tls.Server(c, s.tls)
			if err := tc.Handshake(); err != nil {
				return
			}
			c = tc
			r, w = bufio.NewReader(tc), bufio.NewWriter(tc)
			m.TLS = true
		case "AUTH":
			parts := strings.Fields(line)
			if len(parts) != 3 || parts[1] != "PLAIN" {
				reply("504 only AUTH PLAIN with an initial response")
				continue
			}
			raw, _ := base64.StdEncoding.DecodeString(parts[2])
			f := strings.Split(string(raw), "\x00")
			if len(f) == 3 && f[1] == s.user && f[2] == s.pass {
				authed, m.Auth = true, f[1]
				reply("235 authenticated")
			} else {
				reply("535 authentication failed")
			}
		case "MAIL":
			if !authed {
				reply("530 authentication required")
				continue
			}
			m.From = strings.TrimPrefix(line, "MAIL FROM:")
			reply("250 ok")
		case "RCPT":
			to := strings.Trim(strings.TrimPrefix(line, "RCPT TO:"), "<>")
			switch {
			case strings.HasPrefix(to, "reject"):
				reply("550 no such mailbox")
			case strings.HasPrefix(to, "busy"):
				reply("451 try again later")
			default:
				m.To = to
				reply("250 ok")
			}
		case "DATA":
			reply("354 end with <CRLF>.<CRLF>")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(strings.TrimPrefix(l, "."))
			}
			m.Data = b.String()
			s.mu.Lock()
			s.mails = append(s.mails, m)
			s.mu.Unlock()
			reply("250 queued")
		case "RSET", "NOOP":
			reply("250 ok")
		case "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 not implemented")
		}
	}
}

// selfSigned is a TLS certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (*tls.Config, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mail.bank.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, pool
}
