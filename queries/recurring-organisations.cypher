// name: recurring-organisations
// description: Organisations that come back across meetings: how many meetings, the first and the last, and the agenda items that mention them.
// param min_meetings: int = 2 -- only organisations in at least this many meetings
// returns: organisation, kind, meetings, first_date, first_year, first_meeting, last_date, last_year, last_meeting, agenda_items
// An organisation is "in" a meeting when any relationship of that meeting's notes touches it (a mention,
// an attendee representing it, a collaboration). Meetings are ordered by their sort_key (year, date, source),
// so first and last are a min and a max, not a ranking of every meeting against every other.
MATCH (o:Organisation)-[r]-()
WITH DISTINCT o, r.meeting AS meeting_key
MATCH (m:Meeting {key: meeting_key})
WITH o, count(m) AS meetings, min(m.sort_key) AS first, max(m.sort_key) AS last
WHERE meetings >= $min_meetings
MATCH (f:Meeting {sort_key: first})
WITH o, meetings, last, max(f.date) AS first_date, max(f.year) AS first_year, max(f.title) AS first_meeting
MATCH (l:Meeting {sort_key: last})
WITH o, meetings, first_date, first_year, first_meeting,
     max(l.date) AS last_date, max(l.year) AS last_year, max(l.title) AS last_meeting
OPTIONAL MATCH (a:AgendaItem)-[:MENTIONS]->(o)
WITH o, meetings, first_date, first_year, first_meeting, last_date, last_year, last_meeting,
     count(DISTINCT a) AS agenda_items
RETURN o.name AS organisation, o.kind AS kind, meetings, first_date, first_year, first_meeting,
       last_date, last_year, last_meeting, agenda_items
ORDER BY meetings DESC, organisation
