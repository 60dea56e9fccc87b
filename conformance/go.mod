module github.com/leapcheck/leapcheck/conformance

go 1.26.0

replace github.com/leapcheck/leapcheck => ../

require (
	cloud.google.com/go v0.123.0
	github.com/golang-module/carbon/v2 v2.3.12
	github.com/jinzhu/now v1.1.5
	github.com/leapcheck/leapcheck v0.0.0-00010101000000-000000000000
	github.com/rickb777/date v1.21.1
	github.com/robfig/cron/v3 v3.0.1
	github.com/stretchr/testify v1.12.1
	golang.org/x/crypto v0.59.0
)

require (
	github.com/leanovate/gopter v0.2.11 // indirect
	github.com/rickb777/plural v1.4.2 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	pgregory.net/rapid v1.3.0 // indirect
)
