package data

// ForceProductionParams makes HashPassword use the production argon2id
// costs until the test ends.
func ForceProductionParams(cleanup func(func())) {
	forceProductionParams = true
	cleanup(func() { forceProductionParams = false })
}
