// Command hello is the reference for build/bench-start.sh: the smallest
// Fyne window, built with the Fyne version and tags Jiedao is built with,
// so that Jiedao's start-up is compared with what Fyne itself costs.
package main

import (
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("org.jiedao.bench.hello")
	w := a.NewWindow("Hello")
	w.SetContent(widget.NewLabel("Hello, world"))
	w.ShowAndRun()
}
