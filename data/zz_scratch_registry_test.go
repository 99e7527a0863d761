package data_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"jiedao/data"
	"jiedao/data/datatest"
)

func TestScratchBuild(t *testing.T) {
	path := os.Getenv("SCRATCH_DB")
	if path == "" {
		t.Skip()
	}
	os.Remove(path)
	s := datatest.MustOpenPath(t, path)
	r := rand.New(rand.NewPCG(1, 2))
	sur := []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单解仇区查朴翟")
	given := []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强海燕玉兰红梅小红子涵浩然欣怡宇轩梓萱一诺")
	estates := []string{"幸福小区", "阳光花园", "和平里", "解放路", "建设东路", "锦绣家园", "新华街", "人民路", "翠微苑", "金台里"}
	comms := []string{"幸福社区", "和平社区", "新华社区", "建设社区", "人民社区", "金台社区"}
	ctx := context.Background()
	nres := 0
	err := s.Tx(ctx, func(tx *data.Tx) error {
		for i := 0; i < 120000; i++ {
			c := comms[r.IntN(len(comms))]
			h := data.Household{Number: fmt.Sprintf("H%07d", i+1), Community: c, Grid: fmt.Sprintf("%s第%d网格", c, r.IntN(8)+1),
				Estate: estates[r.IntN(len(estates))], Building: fmt.Sprint(r.IntN(30) + 1), Unit: fmt.Sprint(r.IntN(4) + 1), Room: fmt.Sprint((r.IntN(18)+1)*100 + r.IntN(4) + 1),
				ResidenceType: data.ResidenceTypes[r.IntN(4)], Kind: data.HouseholdFamily}
			h.Address = data.ComposeAddress(h.Estate, h.Building, h.Unit, h.Room)
			if err := tx.DB.Create(&h).Error; err != nil {
				return err
			}
			n := 1 + r.IntN(4)
			rs := make([]data.Resident, n)
			for j := range rs {
				name := string(sur[r.IntN(len(sur))]) + string(given[r.IntN(len(given))])
				if r.IntN(2) == 0 {
					name += string(given[r.IntN(len(given))])
				}
				if r.IntN(30000) == 0 {
					name = "𠮷" + string(given[r.IntN(len(given))])
				}
				b := time.Date(1930+r.IntN(95), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
				first17 := fmt.Sprintf("1101%02d%s%03d", 1+r.IntN(20), b.Format("20060102"), r.IntN(1000))
				id := first17 + string(data.IDCheckChar(first17))
				pid, _, err := data.ParseIDNumber(id, time.Now())
				if err != nil {
					return err
				}
				st := data.StatusPresent
				if r.IntN(20) == 0 {
					st = data.StatusMovedOut
				}
				rel := "子"
				if j == 0 {
					rel = "户主"
				}
				rs[j] = data.Resident{HouseholdID: h.ID, Name: name, IDNumber: id, Sex: pid.Sex, BirthDate: b.Format(time.DateOnly), Relation: rel, Status: st,
					Phone: fmt.Sprintf("1%d%09d", 3+r.IntN(7), r.IntN(1000000000))}
				if r.IntN(10) == 0 {
					rs[j].Tags = []data.ResidentTag{{Tag: data.CareTags[r.IntN(len(data.CareTags))]}}
				}
			}
			if err := tx.DB.Create(&rs).Error; err != nil {
				return err
			}
			nres += n
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Log("residents", nres)
}
