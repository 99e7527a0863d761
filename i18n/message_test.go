package i18n

import (
	"os"
	"testing"
	"time"

	"jiedao/data"
)

func TestMessage(t *testing.T) {
	phone := &data.Error{Key: data.KeyInvalidPhone, Args: map[string]any{"Field": "phone"}}
	inUse := &data.Error{Key: data.KeyDBInUse, Args: map[string]any{"Path": "/x/jiedao.db"}}
	corrupt := &data.Error{Key: data.KeyBackupFailed, Args: map[string]any{"Path": "/x/backups"}, Err: os.ErrPermission}
	for _, tc := range []struct {
		lang string
		err  error
		want string
	}{
		// A field's error names the field as the form labels it.
		{"zh", phone, "联系电话：" + data.Render(data.KeyInvalidPhone, "zh", nil)},
		{"en", phone, "Phone: " + data.Render(data.KeyInvalidPhone, "en", nil)},
		{"zh", inUse, "数据库文件 /x/jiedao.db 正被另一个程序占用。请关闭其他街道通窗口后重试。"},
		{"en", inUse, data.Render(data.KeyDBInUse, "en", inUse.Args)},
		// A failure that is not the user's input tells its cause too.
		{"en", corrupt, data.Render(data.KeyBackupFailed, "en", corrupt.Args) + "\npermission denied"},
		{"en", os.ErrNotExist, "file does not exist"},
		// A record that is gone is named, without the database's words.
		{"zh", data.NotFound("households", "2026000123"), "找不到住户 2026000123。"},
		{"en", data.NotFound("meetings", int64(12)), "Meeting 12 was not found."},
		// The same field name in different records: each as its own
		// form labels it.
		{"zh", firstError(&data.Household{Number: "H1", Community: "幸福社区", Address: "幸福小区1号", Kind: "大户"}), "户别：" + choice("zh", "大户")},
		{"zh", firstError(&data.Agreement{Kind: "租赁协议", OrganizationID: 1, Title: "x"}), "协议类型：" + choice("zh", "租赁协议")},
		{"en", firstError(&data.Agreement{Kind: "租赁协议", OrganizationID: 1, Title: "x"}), "Agreement type: " + choice("en", "租赁协议")},
		{"zh", firstError(&data.Meeting{Title: "x", Kind: "茶话会", Date: "2026-11-25"}), "会议类型：" + choice("zh", "茶话会")},
		{"zh", firstError(&data.Organization{Type: data.OrgTypeCommunity}), "名称：" + data.Render(data.KeyInvalidRequired, "zh", nil)},
		{"zh", firstError(&data.Resident{IDNumber: "110101198003071234"}), "姓名：" + data.Render(data.KeyInvalidRequired, "zh", nil)},
	} {
		if err := SetupLanguage(tc.lang); err != nil {
			t.Fatal(err)
		}
		if got := Message(tc.err); got != tc.want {
			t.Errorf("%s: Message(%v) = %q, want %q", tc.lang, tc.err, got, tc.want)
		}
	}
}

// firstError is the first problem Validate finds in v.
func firstError(v any) error {
	var err error
	switch v := v.(type) {
	case *data.Household:
		err = v.Validate()
	case *data.Agreement:
		err = v.Validate()
	case *data.Meeting:
		err = v.Validate()
	case *data.Organization:
		_, err = v.Validate()
	case *data.Resident:
		_, err = v.Validate(time.Date(2026, 11, 25, 0, 0, 0, 0, time.Local))
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()[0]
	}
	return err
}

func choice(lang, value string) string {
	return data.Render(data.KeyInvalidChoice, lang, map[string]any{"Value": value})
}
