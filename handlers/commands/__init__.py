"""The /veille subcommands: one module each, registered in a `Dispatcher`.

A subcommand is a function of (the request, its argument text, the services) that returns a
`Reply`; it never talks to Slack itself. The Slack listener acks, runs the dispatcher and posts
the reply through the command's response_url.
"""
