"""Demo and benchmark data: the accounts, models, rounds and decisions `make run` shows, and the
reproducible generator `make bench` fills a database with (`load_demo_data`,
`generate_demo_data`). Nothing in the portal imports this app; production need not install it
(DEMO_APP=0)."""
