"""Every change to the child registry. Each function checks permission, runs in a transaction,
validates, saves and writes an audit row whose object is the child, which is also what the
child's timeline shows."""
