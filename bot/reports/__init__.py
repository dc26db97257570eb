"""Reports: daily and weekly summaries with a chart, spike alerts, CSV export.

Pure functions compute (`summary`, `spikes`, `schedule`) and render (`render`, `chart`,
`export`); `data` reads the store and `jobs` is the edge that queues messages in the outbox.
"""
