package data_test

import (
	"slices"
	"strings"
	"testing"

	"jiedao/data"
)

// TestDefaultClauseTemplates checks the shipped templates: every article
// the issue names, in order, each rendering with every placeholder known.
func TestDefaultClauseTemplates(t *testing.T) {
	headings := []string{"服务内容", "服务期限", "服务费用及支付方式", "甲方权利义务", "乙方权利义务",
		"个人信息保护", "绩效评估", "违约责任", "争议解决", "其他"}
	for _, kind := range data.AgreementKinds {
		t.Run(kind, func(t *testing.T) {
			text := data.DefaultClauseTemplate(kind)
			if err := data.CheckClauseTemplate(text); err != nil {
				t.Fatal(err)
			}
			cs, err := data.ParseClauses(text)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			byHeading := map[string]string{}
			for _, c := range cs {
				got = append(got, c.Heading)
				byHeading[c.Heading] = c.Body
			}
			if !slices.Equal(got, headings) {
				t.Errorf("headings %q", got)
			}
			for heading, words := range map[string][]string{
				"个人信息保护":    {"个人信息保护法", "目的", "保密", "第三方", "返还", "删除"},
				"争议解决":      {"行政协议", "行政复议", "行政诉讼"},
				"其他":        {"一式{{.份数}}份"},
				"服务费用及支付方式": {"{{.金额大写}}", "{{.金额}}", "{{.付款安排}}", "{{.乙方账号}}"},
				"绩效评估":      {"{{.绩效指标}}"},
			} {
				for _, w := range words {
					if !strings.Contains(byHeading[heading], w) {
						t.Errorf("%s lacks %q", heading, w)
					}
				}
			}
		})
	}
	t.Run(data.ClauseSupplement, func(t *testing.T) {
		if err := data.CheckClauseTemplate(data.DefaultClauseTemplate(data.ClauseSupplement)); err != nil {
			t.Fatal(err)
		}
	})
}

func TestClauseTemplateErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text, key string
		args            map[string]any
	}{
		{"text before the first heading", "前言\n【服务内容】\n正文", data.KeyClauseBeforeHeading, map[string]any{"Line": 1}},
		{"empty heading", "【服务内容】\n正文\n【 】\n正文", data.KeyClauseEmptyHeading, map[string]any{"Line": 3}},
		{"no article", "\n  \n", data.KeyClauseNone, nil},
		{"unknown placeholder", "【服务内容】\n甲方为{{.甲房}}。", data.KeyClausePlaceholder, map[string]any{"Name": "甲房", "Heading": "服务内容"}},
		{"broken placeholder", "【服务期限】\n自{{.开始日期}起", data.KeyClauseTemplate, map[string]any{"Heading": "服务期限"}},
		{"English field name", "【服务内容】\n{{.PartyA}}", data.KeyClausePlaceholder, map[string]any{"Name": "PartyA"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := data.CheckClauseTemplate(tc.text)
			if orgKey(err, "articles") != tc.key {
				t.Fatalf("err = %v, want %s", err, tc.key)
			}
			e := data.FieldErrors(err)["articles"][0]
			for k, v := range tc.args {
				if e.Args[k] != v {
					t.Errorf("Args[%s] = %v, want %v", k, e.Args[k], v)
				}
			}
			if msg := e.Error(); strings.Contains(msg, "<no value>") {
				t.Errorf("message %q", msg)
			}
		})
	}
}

func TestRenderClauses(t *testing.T) {
	cs, err := data.RenderClauses("【服务内容】\n{{.服务内容}}\n\n【其他】\n一式{{.份数}}份。", map[string]string{
		"服务内容": "第一项\n【不是标题】\n第二项", "份数": "五",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []data.Clause{{Heading: "服务内容", Body: "第一项\n【不是标题】\n第二项"}, {Heading: "其他", Body: "一式五份。"}}
	if !slices.Equal(cs, want) {
		t.Errorf("got %+v", cs)
	}
	if back := data.FormatClauses(want[1:]); back != "【其他】\n一式五份。" {
		t.Errorf("FormatClauses = %q", back)
	}
}

func TestSaveClauseTemplate(t *testing.T) {
	f := newAgrFixture(t)
	custom := "【服务内容】\n{{.乙方}}为{{.甲方}}提供{{.服务内容}}，费用{{.金额大写}}。\n【其他】\n一式{{.份数}}份，甲方执{{.甲方份数}}份，乙方执{{.乙方份数}}份。"
	t.Run("saved and used by new agreements", func(t *testing.T) {
		if err := f.s.SaveClauseTemplate(f.ctx, data.AgreementProject, custom+"\r\n"); err != nil {
			t.Fatal(err)
		}
		got, _ := f.s.ClauseTemplate(f.ctx, data.AgreementProject)
		if got != custom {
			t.Errorf("template %q", got)
		}
		d := f.draft()
		d.Kind, d.Copies = data.AgreementProject, 5
		a := f.create(t, d)
		cs, err := f.s.AgreementClauses(f.ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		want := []data.Clause{
			{Heading: "服务内容", Body: "阳光社会工作服务中心为幸福街道办事处提供上门探访、助餐、助洁、精神慰藉，费用人民币叁拾万元整。"},
			{Heading: "其他", Body: "一式五份，甲方执三份，乙方执二份。"},
		}
		if !slices.Equal(cs, want) {
			t.Errorf("got %+v", cs)
		}
		if c, _ := f.s.ClauseTemplate(f.ctx, data.AgreementCommission); c != data.DefaultClauseTemplate(data.AgreementCommission) {
			t.Errorf("the other kind changed")
		}
	})
	t.Run("audited", func(t *testing.T) {
		log, _ := f.s.AuditLog(f.ctx, data.AuditFilter{Entity: data.EntitySettings, Limit: 1})
		if len(log) != 1 || !strings.Contains(log[0].After, "agreement_clauses_project") {
			t.Errorf("audit %+v", log)
		}
	})
	t.Run("a bad one refused", func(t *testing.T) {
		err := f.s.SaveClauseTemplate(f.ctx, data.AgreementProject, "【服务内容】\n{{.不存在}}")
		if orgKey(err, "articles") != data.KeyClausePlaceholder {
			t.Errorf("err = %v", err)
		}
		if got, _ := f.s.ClauseTemplate(f.ctx, data.AgreementProject); got != custom {
			t.Errorf("template changed to %q", got)
		}
	})
	t.Run("an agreement's own articles are checked", func(t *testing.T) {
		d := f.draft()
		d.Articles = "【服务内容】\n{{.不存在}}"
		if err := f.s.CreateAgreement(f.ctx, d); orgKey(err, "articles") != data.KeyClausePlaceholder {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("empty restores the default", func(t *testing.T) {
		if err := f.s.SaveClauseTemplate(f.ctx, data.AgreementProject, " "); err != nil {
			t.Fatal(err)
		}
		if got, _ := f.s.ClauseTemplate(f.ctx, data.AgreementProject); got != data.DefaultClauseTemplate(data.AgreementProject) {
			t.Errorf("template not reset")
		}
	})
	t.Run("unknown kind", func(t *testing.T) {
		if err := f.s.SaveClauseTemplate(f.ctx, "采购合同", custom); agrKey(err) != data.KeyInvalidChoice {
			t.Errorf("err = %v", err)
		}
	})
}
