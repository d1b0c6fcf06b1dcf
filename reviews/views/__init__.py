"""Review rounds, scoring, outcomes and commendation decisions. Views stay thin: they fetch
through the scoped querysets (`rules.get_visible_*`), call one `workflow` function and show its
Vietnamese message when it refuses.

`rounds` (rounds and proposals), `entries` (the queue and one entry), `decisions` (commendation
decisions and their annex); `common` holds what they share."""
