// name: attendance-matrix
// description: Municipality × meeting: present, absent or not listed, for every municipality and meeting with municipal attendance.
// param municipality: string = "" -- only this municipality (name or key); empty for all
// param since: int = 0 -- only meetings of this year or later; 0 for no bound
// param until: int = 0 -- only meetings of this year or earlier; 0 for no bound
// param limit: int = 5000 -- stop at the municipality (in name order) whose rows reach this many; 0 for all
// returns: municipality, date, year, meeting, status, present, absent
// post: attendance_grid
// A municipality is present when one of its representatives attended, absent when it was listed only with
// absent representatives, and "not listed" otherwise. Meetings whose notes list no municipality are left out.
// The output is meetings × municipalities, so by default it stops after about 5,000 rows: each municipality has
// one row per meeting, and whole municipalities are returned, by name, until the rows reach the limit (so up to
// limit + meetings - 1 rows). Narrow it with municipality, since and until, or pass limit 0 for the whole matrix.
// Rows are ordered by municipality (name, then key) and meeting; present and absent names are sorted.
// The same two lists as the Neo4j text (see there), for the same post-step. Embedded text: ORDER BY before
// collect is not allowed, so the municipalities are chosen from list_sort of their names.
MATCH (m:Meeting)
WHERE m.municipalities > 0
  AND ($since = 0 OR coalesce(m.year, 9999) >= $since) AND ($until = 0 OR coalesce(m.year, 9999) <= $until)
WITH collect({key: m.key, date: m.date, year: m.year, title: m.title, sort_key: m.sort_key}) AS meetings
MATCH (mu:Municipality)
WHERE ($municipality = '' OR lower(mu.name) = lower($municipality) OR mu.key = $municipality)
  AND mu.listed > 0
WITH meetings, list_sort(collect(mu.name + ' ' + mu.key)) AS municipalities
WITH meetings, CASE WHEN $limit > 0 AND size(meetings) > 0
                    THEN list_slice(municipalities, 1, ($limit + size(meetings) - 1) / size(meetings))
                    ELSE municipalities END AS chosen
MATCH (mu:Municipality)
WHERE list_contains(chosen, mu.name + ' ' + mu.key)
OPTIONAL MATCH (p:Person)-[s:REPRESENTS]->(mu)
WITH meetings, mu, collect([s.meeting, p.name, s.status]) AS entries
RETURN meetings, collect({name: mu.name, key: mu.key, entries: entries}) AS municipalities
