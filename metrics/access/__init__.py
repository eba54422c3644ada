"""Who may do what: users and passwords, sign-in limits, sessions, revocation, the audit log."""
