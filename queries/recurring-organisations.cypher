// name: recurring-organisations
// description: Organisations that come back across meetings: how many meetings, the first and the last, and the agenda items that mention them.
// param min_meetings: int = 2 -- only organisations in at least this many meetings
// returns: organisation, kind, meetings, first_date, first_year, first_meeting, last_date, last_year, last_meeting, agenda_items
// An organisation is "in" a meeting when any relationship of that meeting's notes touches it (a mention,
// an attendee representing it, a collaboration). Its meeting count, first and last meeting (sort_keys: year,
// date, source) and agenda-item count are kept on it at build time (meetings, first_seen, last_seen,
// agenda_items), so the query seeks the meetings index and looks up two meetings per row returned.
MATCH (o:Organisation)
WHERE o.meetings >= $min_meetings
WITH o, o.meetings AS meetings, o.first_seen AS first, o.last_seen AS last
MATCH (f:Meeting {sort_key: first})
WITH o, meetings, last, max(f.date) AS first_date, max(f.year) AS first_year, max(f.title) AS first_meeting
MATCH (l:Meeting {sort_key: last})
WITH o, meetings, first_date, first_year, first_meeting,
     max(l.date) AS last_date, max(l.year) AS last_year, max(l.title) AS last_meeting
RETURN o.name AS organisation, o.kind AS kind, meetings, first_date, first_year, first_meeting,
       last_date, last_year, last_meeting, o.agenda_items AS agenda_items
ORDER BY meetings DESC, organisation
