// Package domain holds Steward's core types: the organisation, staff, clients, accounts, products and the
// audit trail, with their invariants. It does no I/O; storage and HTTP live at the edge and depend on it.
package domain

import (
	"fmt"
	"time"
)

// OrgLevel is a level of the organisation tree: head office (总行) → branch (分行) → sub-branch (支行) → outlet (网点).
type OrgLevel string

// The levels of the organisation tree, from the root down.
const (
	LevelHead      OrgLevel = "head"
	LevelBranch    OrgLevel = "branch"
	LevelSubbranch OrgLevel = "subbranch"
	LevelOutlet    OrgLevel = "outlet"
)

// Depth is the level's depth in the tree: head 0 … outlet 3; -1 for an unknown level.
func (l OrgLevel) Depth() int {
	switch l {
	case LevelHead:
		return 0
	case LevelBranch:
		return 1
	case LevelSubbranch:
		return 2
	case LevelOutlet:
		return 3
	}
	return -1
}

// OrgUnit is one node of the organisation tree.
type OrgUnit struct {
	ID       string
	ParentID string // empty for head office
	Level    OrgLevel
	Name     string
	// Path is the materialised path of IDs from the root, "/HO/BR1/SB1/OT1/", so that a subtree is one
	// prefix range in an index.
	Path string
}

// ChildPath is the path of a child of u with the given ID.
func (u OrgUnit) ChildPath(id string) string { return u.Path + id + "/" }

// Staff is a member of staff: one person, one node of the tree, one role.
type Staff struct {
	ID                int64
	Username          string
	Name              string
	Role              Role
	OrgID             string
	PasswordHash      string
	PasswordChangedAt time.Time
	// PasswordNeverExpires exempts the account from password expiry (the demo bank, service accounts).
	PasswordNeverExpires bool
	FailedLogins         int
	LockedUntil          time.Time // zero when not locked
	Disabled             bool
	Lang                 string // "zh-CN", "en" or "" (from the browser)
	CreatedAt            time.Time
	// EmployeeNo is the bank's employee number (工号); optional, unique when present.
	EmployeeNo string
	// MustChangePassword: the password is a one-time password an administrator issued; the person must
	// choose a new one before anything else.
	MustChangePassword bool
}

// ID types of the CUST feed.
const (
	IDTypeResident = "01" // 居民身份证
	IDTypePassport = "02"
	IDTypeHKMacau  = "03"
	IDTypeTaiwan   = "04"
	IDTypeOther    = "99"
)

// Client is a bank client (客户) as Steward keeps it: identity from the core system, life details that staff
// collect, and the service relationship.
type Client struct {
	ClientID  string
	Name      string
	IDType    string
	IDNumber  string
	Gender    string // "M", "F" or ""
	BirthDate Date
	// LunarBirthday: the client celebrates the birthday on the lunar month and day of BirthDate (按农历过生日).
	LunarBirthday bool
	Mobile        string // normalised 11 digits, or ""
	Phone         string
	Email         string
	Address       string
	Occupation    string
	Employer      string
	OutletID      string
	Source        string // natural, agency, staff, referral, campaign
	OpenDate      Date
	Status        string // normal, frozen, closed
	CreditGrade   string
	// RMID is the responsible client manager (服务关系); 0 when unassigned.
	RMID      int64
	KeyFocus  bool // 重点关注
	Interests string
	Prefs     string
	// RiskLevel is the last risk assessment, "C1".."C5" or "".
	RiskLevel      string
	RiskAssessedOn Date
	RiskExpiresOn  Date
	// AUM is the client's current total financial assets in fen (资产), maintained from the accounts.
	AUM       int64
	UpdatedAt time.Time
}

// FamilyMember is a recorded family member of a client, with a solar or lunar (农历) birthday.
type FamilyMember struct {
	ID       int64
	ClientID string
	Relation string // spouse, child, parent, other
	Name     string
	// Birthday: for a solar birthday, BirthDate is the date; for a lunar one, LunarMonth/LunarDay (and
	// LunarLeap for a leap month) hold it and BirthDate holds the birth year when known.
	BirthDate  Date
	Lunar      bool
	LunarMonth int
	LunarDay   int
	LunarLeap  bool
	Note       string
}

// Note is a free note or comment on a client.
type Note struct {
	ID         int64
	ClientID   string
	AuthorID   int64
	AuthorName string
	Body       string
	CreatedAt  time.Time
}

// LifeEventKinds are the kinds of life event staff record (DOMAIN.md §2); pages translate them.
var LifeEventKinds = []string{"hospital", "wedding", "child_exam", "newborn", "retirement", "business_opening",
	"relocation", "bereavement", "other"}

// LifeEvent is an important event in a client's life (hospital stay, wedding, child's exams …).
type LifeEvent struct {
	ID       int64
	ClientID string
	Kind     string // one of LifeEventKinds
	On       Date
	Note     string
}

// Product is a product of the catalogue (PROD feed).
type Product struct {
	Code          string
	Name          string
	Category      string // demand, time, wealth, fund, insurance, bond, metal, loan, credit_card, agreement
	RiskLevel     string // R1..R5 or ""
	AssetClass    string // asset, liability, none
	CardLevel     string // ordinary, gold, platinum, or ""
	AgreementKind string // private_banking, wealth_premier, wealth, or ""
	PointsClass   string // short, long, mortgage, loan, none
	TermDays      int
}

// Account is an account or holding with its end-of-day state.
type Account struct {
	AccountID    string
	ClientID     string
	ProductCode  string
	Currency     string
	Balance      int64 // fen, in the account currency
	BalanceCNY   int64 // fen, converted at the day's rate
	OpenDate     Date
	MaturityDate Date
	Status       string // active, closed
}

// AuditEvent is one entry of the append-only audit log: who did what to which object, when, and from where.
type AuditEvent struct {
	ID         int64
	At         time.Time
	ActorID    int64 // 0 for the system
	ActorName  string
	Action     string // e.g. login, login_failed, client_view, client_update, export
	ObjectType string // e.g. client, staff
	ObjectID   string
	Detail     string // JSON: before/after or figures
	IP         string
}

// Audit actions.
const (
	AuditLogin        = "login"
	AuditLoginFailed  = "login_failed"
	AuditLogout       = "logout"
	AuditLocked       = "account_locked"
	AuditClientView   = "client_view"
	AuditClientUpdate = "client_update"
	AuditExport       = "export"
	AuditPassword     = "password_change"
	AuditStaffChange  = "staff_change"
	AuditTokenCreate  = "api_token_create"
)

// ErrNotFound is returned when an object does not exist or is outside the caller's scope: the two are
// deliberately indistinguishable.
var ErrNotFound = fmt.Errorf("not found")
