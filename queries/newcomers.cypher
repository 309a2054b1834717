// name: newcomers
// description: First appearance of people and organisations, per meeting: who is new at each meeting.
// param kind: string = "" -- Person or Organisation; empty for both
// returns: date, year, meeting, kind, name
// An entity appears in a meeting when any relationship from that meeting's notes touches it (attendance,
// mention, representation, collaboration …). Rows follow meeting order.
MATCH (m:Meeting), (x:Meeting)
WHERE coalesce(x.year, 9999) < coalesce(m.year, 9999)
   OR (coalesce(x.year, 9999) = coalesce(m.year, 9999)
       AND (coalesce(x.date, '') < coalesce(m.date, '')
            OR (coalesce(x.date, '') = coalesce(m.date, '') AND x.source <= m.source)))
WITH m, count(x) AS ord
WITH collect({ord: ord, key: m.key}) AS meetings
UNWIND meetings AS mm
MATCH (e:Person)-[r]-()
WHERE r.meeting = mm.key
WITH meetings, e, min(mm.ord) AS first
WITH meetings, collect({kind: 'Person', name: e.name, key: e.key, first: first}) AS people
UNWIND meetings AS mm
MATCH (e:Organisation)-[r]-()
WHERE r.meeting = mm.key
WITH meetings, people, e, min(mm.ord) AS first
WITH meetings, people, collect({kind: 'Organisation', name: e.name, key: e.key, first: first}) AS organisations
UNWIND people + organisations AS n
WITH meetings, n
WHERE $kind = '' OR lower(n.kind) = lower($kind)
UNWIND meetings AS mm
WITH mm, n
WHERE mm.ord = n.first
MATCH (m:Meeting {key: mm.key})
RETURN m.date AS date, m.year AS year, m.title AS meeting, n.kind AS kind, n.name AS name
ORDER BY mm.ord, kind, name, n.key
