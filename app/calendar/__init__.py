"""Calendar feeds: iCalendar subscriptions of sessions and meetings."""
