// name: newcomers
// description: First appearance of people and organisations, per meeting: who is new at each meeting.
// param kind: string = "" -- Person or Organisation; empty for both
// returns: date, year, meeting, kind, name
// An entity appears in a meeting when any relationship from that meeting's notes touches it (attendance,
// mention, representation, collaboration …). Rows follow meeting order. The first meeting is the one with the
// smallest sort_key (a meeting property computed at build time), so the cost is linear in the relationships
// of people and organisations.
MATCH (e:Person|Organisation)-[r]-()
WITH DISTINCT e, r.meeting AS meeting_key
WITH e, CASE WHEN e:Person THEN 'Person' ELSE 'Organisation' END AS kind, meeting_key
WHERE $kind = '' OR lower(kind) = lower($kind)
MATCH (m:Meeting {key: meeting_key})
WITH e, kind, min(m.sort_key) AS first
MATCH (m:Meeting {sort_key: first})
RETURN m.date AS date, m.year AS year, m.title AS meeting, kind, e.name AS name
ORDER BY first, kind, name, e.key
