package data

// Translation keys of where a register is (location.go) and of the office
// server (engine_postgres.go). The server's errors name it by Server
// (host:port, never the password) and, where it matters, Database and
// User.
const (
	// KeyDBScheme: something that looks like a URL but is not one Jiedao
	// speaks. Args: Location (without a password), Scheme.
	KeyDBScheme = "error.db.scheme"
	// KeyDBNetworkPath: a database file on a network share. Args: Path,
	// FS (UNC, nfs, cifs, remote …).
	KeyDBNetworkPath = "error.db.network_path"
	// KeyServerURL: a server URL that does not say which server or
	// database. Args: Location, Detail.
	KeyServerURL         = "error.server.url"
	KeyServerUnreachable = "error.server.unreachable"
	KeyServerAuth        = "error.server.auth"
	KeyServerNoDatabase  = "error.server.no_database"
	KeyServerTLS         = "error.server.tls"
	// KeyServerNotJiedao and KeyServerNewer are kinds of ErrNotJiedao and
	// ErrNewerVersion (errors.Is holds), said of a server's database.
	KeyServerNotJiedao = KeyDBNotJiedao + ".server"
	KeyServerNewer     = KeyDBNewer + ".server" // Args: Version, Known
	// KeyServerBusy: another desk held a lock the write needed for longer
	// than the lock timeout; a kind of ErrInUse.
	KeyServerBusy = KeyDBBusy + ".server"
	// KeyServerFileOnly: a file's operation (backup, restore of a file,
	// integrity check of the file) asked of a server's register. Args:
	// Server, Database.
	KeyServerBackup  = "error.server.backup"
	KeyServerRestore = "error.server.restore"
)

var serverMessages = []Message{
	{KeyDBScheme,
		"无法识别数据库位置“{{.Location}}”：街道通只认识本机的数据库文件路径（如 D:\\街道通\\jiedao.db）和单位服务器地址（postgres://用户名@服务器:5432/数据库名）。",
		"Jiedao cannot use “{{.Location}}” as a database: give the path of a database file on this computer (like D:\\Jiedao\\jiedao.db) or the address of the office server (postgres://user@server:5432/database)."},
	{KeyDBNetworkPath,
		"数据库文件 {{.Path}} 在网络共享上（{{.FS}}）。多台电脑通过网络共享同时使用一个数据库文件会损坏数据，街道通不打开这样的文件。请把文件放在本机磁盘上；多个工位要共用一个登记库，请信息技术人员架设单位服务器（PostgreSQL），各工位连接服务器地址。",
		"The database file {{.Path}} is on a network share ({{.FS}}). Desks sharing one database file over the network damage it, so Jiedao does not open such a file. Keep the file on this computer's own disk; for desks that share one register, ask your IT staff to set up the office server (PostgreSQL) and connect every desk to its address."},
	{KeyServerURL,
		"单位服务器地址“{{.Location}}”不完整或有误：须写明服务器和数据库名，sslmode 只能是 disable、prefer、require、verify-ca 或 verify-full。请按 postgres://用户名@服务器:5432/数据库名 填写。",
		"The office server's address “{{.Location}}” is incomplete or wrong: it must name the server and the database, and sslmode can only be disable, prefer, require, verify-ca or verify-full. Write it as postgres://user@server:5432/database."},
	{KeyServerUnreachable,
		"连接不上单位服务器 {{.Server}}。请检查网络、服务器地址和端口，或请信息技术人员确认服务器已开启。",
		"Cannot reach the office server {{.Server}}. Check the network, the server's address and port, or ask your IT staff whether the server is running."},
	{KeyServerAuth,
		"单位服务器 {{.Server}} 拒绝了用户 {{.User}} 的登录：用户名或密码错误。",
		"The office server {{.Server}} refused the user {{.User}}: wrong user name or password."},
	{KeyServerNoDatabase,
		"单位服务器 {{.Server}} 上没有数据库“{{.Database}}”。请检查数据库名，或请信息技术人员先建立它。",
		"There is no database “{{.Database}}” on the office server {{.Server}}. Check its name, or ask your IT staff to create it first."},
	{KeyServerTLS,
		"与单位服务器 {{.Server}} 建立加密连接（TLS）失败：服务器不接受加密连接，或其证书无法验证。请信息技术人员检查服务器的 TLS 设置和地址中的 sslmode。",
		"The encrypted connection (TLS) to the office server {{.Server}} failed: the server does not accept TLS or its certificate cannot be verified. Ask your IT staff to check the server's TLS settings and the sslmode in the address."},
	{KeyServerNotJiedao,
		"单位服务器 {{.Server}} 上的数据库“{{.Database}}”是其他程序的，不是街道通的登记库；街道通未做任何改动。请为街道通单独建立一个空数据库。",
		"The database “{{.Database}}” on the office server {{.Server}} belongs to another program, not Jiedao; nothing in it was changed. Create an empty database for Jiedao."},
	{KeyServerNewer,
		"单位服务器 {{.Server}} 上的登记库“{{.Database}}”来自更新版本的街道通（数据版本 {{.Version}}，本程序只认识到 {{.Known}}）。请先升级本机的街道通再连接；登记库未做任何改动。",
		"The register “{{.Database}}” on the office server {{.Server}} comes from a newer release of Jiedao (data version {{.Version}}; this one knows up to {{.Known}}). Upgrade Jiedao on this computer first; nothing in the register was changed."},
	{KeyServerBusy,
		"单位服务器 {{.Server}} 上的登记库正被另一个工位写入（可能正在导入），请稍后再试。",
		"Another desk is writing to the register on the office server {{.Server}} (an import, perhaps). Try again in a while."},
	{KeyServerBackup,
		"单位服务器上的登记库（{{.Server}}/{{.Database}}）由服务器自己备份（pg_dump，由信息技术人员安排），本机不做文件备份。",
		"A register on the office server ({{.Server}}/{{.Database}}) is backed up by the server itself (pg_dump, arranged by your IT staff); this desk makes no backup file of it."},
	{KeyServerRestore,
		"不能把备份文件恢复到单位服务器（{{.Server}}/{{.Database}}）上：其他工位正在使用这个登记库。请信息技术人员用服务器自己的工具（pg_restore）恢复。",
		"A backup file cannot be restored onto the office server ({{.Server}}/{{.Database}}): other desks are using that register. Ask your IT staff to restore it with the server's own tools (pg_restore)."},
}
