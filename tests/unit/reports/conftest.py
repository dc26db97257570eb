"""Reports are checked on each back end, against a fake Slack without rate limits."""

from tests.rigs import report

store = report.store_on_each_back_end
slack = report.unpaced_slack
