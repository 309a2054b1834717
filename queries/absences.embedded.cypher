// name: absences
// description: Municipalities and people most often absent: absences against the meetings they were listed for.
// param min_absences: int = 1 -- only those absent at least this often
// param limit: int = 500 -- at most this many rows, the most absent first; 0 for all
// returns: kind, name, absences, listed
// A municipality is absent from a meeting when it was listed there only with absent representatives; a person
// when the notes list them as absent (ABSENT_FROM). "listed" counts the meetings where they appear at all.
// Absences are counted over the whole graph, so the work does not shrink with the limit; the counts read
// relationship degrees where they can (REPRESENTS always starts at a Person, ATTENDED always ends at a Meeting).
// Embedded text: LadybugDB has no CALL subqueries, so the two kinds are collected into lists and unwound.
MATCH (mu:Municipality)<-[r:REPRESENTS]-()
WITH mu, r.meeting AS meeting, collect(r.status) AS statuses
WITH mu, count(meeting) AS listed, count(CASE WHEN 'present' IN statuses THEN NULL ELSE 1 END) AS absences
WITH collect({kind: 'municipality', name: mu.name, absences: absences, listed: listed}) AS municipalities
MATCH (p:Person)-[:ABSENT_FROM]->(m:Meeting)
WITH municipalities, p, count(DISTINCT m) AS absences
WITH municipalities, p, absences, COUNT { MATCH (p)-[:ATTENDED]->() } AS attended
WITH municipalities, collect({kind: 'person', name: p.name, absences: absences, listed: absences + attended}) AS people
UNWIND municipalities + people AS row
WITH row
WHERE row.absences >= $min_absences
RETURN row.kind AS kind, row.name AS name, row.absences AS absences, row.listed AS listed
ORDER BY absences DESC, kind, name, listed
LIMIT $limit
