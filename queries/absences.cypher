// name: absences
// description: Municipalities and people most often absent: absences against the meetings they were listed for.
// param min_absences: int = 1 -- only those absent at least this often
// param limit: int = 500 -- at most this many rows, the most absent first; 0 for all
// returns: kind, name, absences, listed
// A municipality is absent from a meeting when it was listed there only with absent representatives; a person
// when the notes list them as absent (ABSENT_FROM). "listed" counts the meetings where they appear at all.
// Both counts are kept on the nodes at build time (absences, listed), so each kind is read from its absences
// index, most absent first, as far as the limit. The two kinds are two branches of one UNION.
CALL () {
  MATCH (mu:Municipality)
  WHERE mu.absences >= $min_absences AND mu.listed > 0
  RETURN 'municipality' AS kind, mu.name AS name, mu.absences AS absences, mu.listed AS listed
  ORDER BY absences DESC, name, listed
  LIMIT $limit
  UNION ALL
  MATCH (p:Person)
  WHERE p.absences >= $min_absences AND p.absences > 0
  RETURN 'person' AS kind, p.name AS name, p.absences AS absences, p.listed AS listed
  ORDER BY absences DESC, name, listed
  LIMIT $limit
}
WITH kind, name, absences, listed
RETURN kind, name, absences, listed
ORDER BY absences DESC, kind, name, listed
LIMIT $limit
