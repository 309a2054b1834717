// name: attendance-matrix
// description: Municipality × meeting: present, absent or not listed, for every municipality and meeting with municipal attendance.
// param municipality: string = "" -- only this municipality (name or key); empty for all
// param since: int = 0 -- only meetings of this year or later; 0 for no bound
// param until: int = 0 -- only meetings of this year or earlier; 0 for no bound
// param limit: int = 5000 -- stop at the municipality (in name order) whose rows reach this many; 0 for all
// returns: municipality, date, year, meeting, status, present, absent
// A municipality is present when one of its representatives attended, absent when it was listed only with
// absent representatives, and "not listed" otherwise. Meetings whose notes list no municipality are left out.
// The output is meetings × municipalities, so by default it stops after about 5,000 rows: each municipality has
// one row per meeting, and whole municipalities are returned, by name, until the rows reach the limit (so up to
// limit + meetings - 1 rows). Narrow it with municipality, since and until, or pass limit 0 for the whole matrix.
// Only the municipalities the limit reaches are crossed with the meetings, so the work follows the rows returned.
// Embedded text: a list_filter lambda that uses a variable from outside the list (mu.key) gave wrong rows in
// LadybugDB 0.22.0, without an error, so each meeting's entries are unwound and grouped again instead; and
// ORDER BY before collect is not allowed, so the municipalities are chosen from list_sort of their names.
MATCH (p:Person)-[s:REPRESENTS]->(x:Municipality)
MATCH (m:Meeting {key: s.meeting})
WHERE ($since = 0 OR coalesce(m.year, 9999) >= $since) AND ($until = 0 OR coalesce(m.year, 9999) <= $until)
WITH m, collect({municipality: x.key, name: p.name, status: s.status}) AS entries
WITH collect({date: m.date, year: m.year, title: m.title, sort_key: m.sort_key, entries: entries}) AS meetings
MATCH (mu:Municipality)
WHERE ($municipality = '' OR lower(mu.name) = lower($municipality) OR mu.key = $municipality)
  AND mu.listed > 0
WITH meetings, list_sort(collect(mu.name + ' ' + mu.key)) AS municipalities
WITH meetings, CASE WHEN $limit > 0 AND size(meetings) > 0
                    THEN list_slice(municipalities, 1, ($limit + size(meetings) - 1) / size(meetings))
                    ELSE municipalities END AS chosen
MATCH (mu:Municipality)
WHERE list_contains(chosen, mu.name + ' ' + mu.key)
UNWIND meetings AS m
UNWIND m.entries AS e
WITH mu, m.sort_key AS sort_key, m.date AS date, m.year AS year, m.title AS title,
     collect(CASE WHEN e.municipality = mu.key AND e.status = 'present' THEN e.name END) AS present,
     collect(CASE WHEN e.municipality = mu.key AND e.status = 'absent' THEN e.name END) AS absent
RETURN mu.name AS municipality, date, year, title AS meeting,
       CASE WHEN size(present) > 0 THEN 'present' WHEN size(absent) > 0 THEN 'absent' ELSE 'not listed' END AS status,
       present, absent
ORDER BY municipality, sort_key
