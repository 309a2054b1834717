// name: absences
// description: Municipalities and people most often absent: absences against the meetings they were listed for.
// param min_absences: int = 1 -- only those absent at least this often
// param limit: int = 500 -- at most this many rows, the most absent first; 0 for all
// returns: kind, name, absences, listed
// A municipality is absent from a meeting when it was listed there only with absent representatives; a person
// when the notes list them as absent (ABSENT_FROM). "listed" counts the meetings where they appear at all.
// Absences are counted over the whole graph, so the work does not shrink with the limit; the counts read
// relationship degrees where they can (REPRESENTS always starts at a Person, ATTENDED always ends at a Meeting).
// The two kinds are two branches of one UNION: carrying them as lists made each sorted row hold both lists,
// which ran Neo4j out of transaction memory.
CALL () {
  MATCH (mu:Municipality)<-[r:REPRESENTS]-()
  WITH mu, r.meeting AS meeting, collect(r.status) AS statuses
  WITH mu, count(meeting) AS listed, count(CASE WHEN 'present' IN statuses THEN NULL ELSE 1 END) AS absences
  RETURN 'municipality' AS kind, mu.name AS name, absences, listed
  UNION ALL
  MATCH (p:Person)-[:ABSENT_FROM]->(m)
  WITH p, count(DISTINCT m) AS absences
  RETURN 'person' AS kind, p.name AS name, absences, absences + COUNT { MATCH (p)-[:ATTENDED]->() } AS listed
}
WITH kind, name, absences, listed
WHERE absences >= $min_absences
RETURN kind, name, absences, listed
ORDER BY absences DESC, kind, name, listed
LIMIT $limit
