package data

// Keys of the demo generator's messages. The texts live here, not in
// package demo, so that Messages is one list built once, without init.
const (
	KeyDemoNotEmpty = "error.demo.notempty"
	KeyDemoCount    = "error.demo.count"
)

var demoMessages = []Message{
	{Key: KeyDemoNotEmpty,
		ZH: "演示数据只能生成到空的数据库中，而当前数据库已有 {{.Households}} 户登记（含回收站）。请新建一个数据文件再生成，以免演示数据混入真实登记。",
		EN: "Demo data can only go into an empty database; this one already has {{.Households}} households (recycle bin included). Create a new data file first so that made-up people never mix with the real register."},
	{Key: KeyDemoCount,
		ZH: "户数应在 1 到 {{.Max}} 之间。",
		EN: "The number of households must be between 1 and {{.Max}}."},
	{Key: "audit.action.demo", ZH: "生成演示数据", EN: "Demo data generated"},
}
