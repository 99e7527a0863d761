package data

// Household kinds, residence types and housing, as the registry forms and
// the statistics name them.
const (
	HouseholdFamily     = "家庭户"
	HouseholdCollective = "集体户"

	ResidenceLocal    = "户籍在此居住"
	ResidenceAway     = "户在人不在"
	ResidenceSettled  = "外来常住"
	ResidenceFloating = "流动人口"
)

// Resident statuses.
const (
	StatusPresent  = "在住"
	StatusAway     = "外出"
	StatusMovedOut = "迁出"
	StatusDeceased = "死亡"
)

// Household is one 户: an address in a community and grid, and the people
// registered there.
type Household struct {
	Model
	Number        string `gorm:"size:32;uniqueIndex;not null" json:"number"` // 户编号
	Community     string `gorm:"size:64;index" json:"community"`             // 社区
	Grid          string `gorm:"size:64" json:"grid"`                        // 网格
	Estate        string `gorm:"size:128" json:"estate"`                     // 小区/路
	Building      string `gorm:"size:32" json:"building"`                    // 楼栋
	Unit          string `gorm:"size:32" json:"unit"`                        // 单元
	Room          string `gorm:"size:32" json:"room"`                        // 房号
	Address       string `gorm:"size:256" json:"address"`                    // full address
	Kind          string `gorm:"size:16" json:"kind"`                        // 家庭户/集体户
	ResidenceType string `gorm:"size:16" json:"residenceType"`               // 户籍在此居住/户在人不在/外来常住/流动人口
	Housing       string `gorm:"size:16" json:"housing"`                     // 自有/租赁/公租房/单位宿舍/其他
	HeadID        *int64 `json:"headId,omitempty"`                           // the member who is head of household
	Phone         string `gorm:"size:32" json:"phone"`
	Notes         string `json:"notes"`
}

// Resident is one person in a household. BirthDate is ISO (2006-01-02) so
// that age ranges are plain string comparisons that use an index.
type Resident struct {
	Model
	HouseholdID       int64         `gorm:"index;not null" json:"householdId"`
	Name              string        `gorm:"size:64;not null" json:"name"`
	IDNumber          string        `gorm:"size:18;index" json:"idNumber"`
	Sex               string        `gorm:"size:4" json:"sex"`        // 男/女
	BirthDate         string        `gorm:"size:10" json:"birthDate"` // 2006-01-02
	Ethnicity         string        `gorm:"size:16" json:"ethnicity"` // 民族, GB 3304
	Relation          string        `gorm:"size:16" json:"relation"`  // 与户主关系, GB/T 4761
	Education         string        `gorm:"size:16" json:"education"`
	Political         string        `gorm:"size:16" json:"political"`
	Marital           string        `gorm:"size:16" json:"marital"`
	Employer          string        `gorm:"size:128" json:"employer"`
	Phone             string        `gorm:"size:32" json:"phone"`
	RegisteredAddress string        `gorm:"size:256" json:"registeredAddress"` // 户籍地址
	Status            string        `gorm:"size:8;index" json:"status"`        // 在住/外出/迁出/死亡
	Notes             string        `json:"notes"`
	Tags              []ResidentTag `json:"tags,omitempty"`
}

// ResidentTag marks a resident as one of the groups the office looks after
// (独居老人, 低保, 残疾人…). Detail holds e.g. a disability's category and
// grade.
type ResidentTag struct {
	ID         int64  `gorm:"primaryKey" json:"id"`
	ResidentID int64  `gorm:"index;not null" json:"residentId"`
	Tag        string `gorm:"size:16;index;not null" json:"tag"`
	Detail     string `gorm:"size:64" json:"detail"`
}
