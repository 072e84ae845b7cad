package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// SMSGateway sends text messages through the bank's SMS gateway: one HTTP POST a message to URL with the
// JSON body {"mobile": "13800138000", "text": "…", "id": "greeting-42"} and, when Token is set, the header
// "Authorization: Bearer TOKEN". A 2xx answer means the gateway took the message; 4xx (but 408 and 429)
// refuses it for good; 5xx, 408, 429, a timeout or a failed connection may succeed later. The id is the
// same on every attempt of a message, so a gateway that keeps the ids it has taken can drop a repeat.
type SMSGateway struct {
	URL   string
	Token string
	// Client makes the requests; default one with a 30 s timeout.
	Client *http.Client
}

// NewSMSGateway checks the gateway's URL.
func NewSMSGateway(rawURL, token string) (*SMSGateway, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("SMS gateway URL %q: want http(s)://host/path", rawURL)
	}
	return &SMSGateway{URL: rawURL, Token: token}, nil
}

// String describes the gateway without its token.
func (g *SMSGateway) String() string {
	u, err := url.Parse(g.URL)
	if err != nil {
		return "sms gateway"
	}
	return "sms gateway " + u.Redacted()
}

// Send posts one message.
func (g *SMSGateway) Send(ctx context.Context, m Message) error {
	body, err := json.Marshal(struct {
		Mobile string `json:"mobile"`
		Text   string `json:"text"`
		ID     string `json:"id"`
	}{m.To, m.Body, "greeting-" + strconv.FormatInt(m.ID, 10)})
	if err != nil {
		return Permanent(err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, g.URL, bytes.NewReader(body))
	if err != nil {
		return Permanent(fmt.Errorf("SMS %d: %w", m.ID, err))
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	if g.Token != "" {
		req.Header.Set("Authorization", "Bearer "+g.Token)
	}
	client := g.Client
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("SMS %d to the gateway: %w", m.ID, err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	err = fmt.Errorf("SMS %d: the gateway answered %s: %s", m.ID, resp.Status, strings.TrimSpace(string(answer)))
	if resp.StatusCode >= 400 && resp.StatusCode < 500 && resp.StatusCode != http.StatusRequestTimeout && resp.StatusCode != http.StatusTooManyRequests {
		return Permanent(err)
	}
	return err
}
