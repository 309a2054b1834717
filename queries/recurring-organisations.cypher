// name: recurring-organisations
// description: Organisations that come back across meetings: how many meetings, the first and the last, and the agenda items that mention them.
// param min_meetings: int = 2 -- only organisations in at least this many meetings
// returns: organisation, kind, meetings, first_date, first_year, first_meeting, last_date, last_year, last_meeting, agenda_items
// An organisation is "in" a meeting when any relationship of that meeting's notes touches it (a mention,
// an attendee representing it, a collaboration). Meetings are ranked by date, else year, then source.
MATCH (m:Meeting), (x:Meeting)
WHERE coalesce(x.year, 9999) < coalesce(m.year, 9999)
   OR (coalesce(x.year, 9999) = coalesce(m.year, 9999)
       AND (coalesce(x.date, '') < coalesce(m.date, '')
            OR (coalesce(x.date, '') = coalesce(m.date, '') AND x.source <= m.source)))
WITH m, count(x) AS ord
MATCH (o:Organisation)-[r]-()
WHERE r.meeting = m.key
WITH DISTINCT o, m, ord
WITH o, collect(m) AS ms, collect(ord) AS ords, min(ord) AS first_ord, max(ord) AS last_ord
WHERE size(ms) >= $min_meetings
UNWIND range(0, size(ms) - 1) AS i
WITH o, size(ms) AS meetings, first_ord, last_ord, ms[i - size(ms)] AS m, ords[i - size(ms)] AS ord
WHERE ord = first_ord OR ord = last_ord
WITH o, meetings,
     max(CASE WHEN ord = first_ord THEN m.date END) AS first_date,
     max(CASE WHEN ord = first_ord THEN m.year END) AS first_year,
     max(CASE WHEN ord = first_ord THEN m.title END) AS first_meeting,
     max(CASE WHEN ord = last_ord THEN m.date END) AS last_date,
     max(CASE WHEN ord = last_ord THEN m.year END) AS last_year,
     max(CASE WHEN ord = last_ord THEN m.title END) AS last_meeting
OPTIONAL MATCH (a:AgendaItem)-[:MENTIONS]->(o)
WITH o, meetings, first_date, first_year, first_meeting, last_date, last_year, last_meeting,
     count(DISTINCT a) AS agenda_items
RETURN o.name AS organisation, o.kind AS kind, meetings, first_date, first_year, first_meeting,
       last_date, last_year, last_meeting, agenda_items
ORDER BY meetings DESC, organisation
