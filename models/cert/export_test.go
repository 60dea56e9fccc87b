package cert

// CheckClaims is checkClaims, for the external tests.
var CheckClaims = checkClaims
