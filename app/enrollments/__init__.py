"""Enrollments in sessions: seats and the waitlist, approvals, attendance, completion."""
