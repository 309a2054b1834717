// name: absences
// description: Municipalities and people most often absent: absences against the meetings they were listed for.
// param min_absences: int = 1 -- only those absent at least this often
// param limit: int = 500 -- at most this many rows, the most absent first; 0 for all
// returns: kind, name, absences, listed
// A municipality is absent from a meeting when it was listed there only with absent representatives; a person
// when the notes list them as absent (ABSENT_FROM). "listed" counts the meetings where they appear at all.
// Both counts are kept on the nodes at build time (absences, listed), so the query reads them instead of
// counting relationships.
// Embedded text: LadybugDB has no CALL subqueries and no secondary indexes, so both kinds are read in one pass.
MATCH (n:Municipality:Person)
WHERE n.absences >= $min_absences
  AND (n.key STARTS WITH 'person:' AND n.absences > 0 OR n.key STARTS WITH 'municipality:' AND n.listed > 0)
RETURN CASE WHEN n.key STARTS WITH 'person:' THEN 'person' ELSE 'municipality' END AS kind, n.name AS name,
       n.absences AS absences, n.listed AS listed
ORDER BY absences DESC, kind, name, listed
LIMIT $limit
